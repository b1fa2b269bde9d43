package io.toolgate.config;

import java.util.List;
import java.util.Locale;

/** Reads {@link ServerSettings}. */
final class ServerParser {

    private ServerParser() {
    }

    static ServerSettings parse(ConfigReader r) {
        String host = r.string("gateway.host", Defaults.HOST);
        return new ServerSettings(
                r.string("gateway.name", Defaults.NAME),
                host,
                r.port("gateway.port", Defaults.PORT),
                r.string("gateway.instructions", null),
                r.list("gateway.allowed-origins"),
                allowedHosts(r.list("gateway.allowed-hosts"), host),
                r.longMin("gateway.max-body-bytes", Defaults.MAX_BODY_BYTES, 1024),
                r.intRange("gateway.max-sessions", Defaults.MAX_SESSIONS, 1, 1_000_000),
                r.seconds("gateway.session-idle-timeout", Defaults.SESSION_IDLE_TIMEOUT_MILLIS),
                new ServerSettings.Connections(
                        r.seconds("gateway.request-read-timeout", Defaults.REQUEST_READ_TIMEOUT_MILLIS),
                        r.seconds("gateway.idle-timeout", Defaults.IDLE_TIMEOUT_MILLIS),
                        r.seconds("gateway.sse-keepalive", Defaults.SSE_KEEPALIVE_MILLIS),
                        r.intRange("gateway.max-connections", Defaults.MAX_CONNECTIONS, 1, 1_000_000)));
    }

    /**
     * The {@code Host} values {@code /mcp} accepts besides loopback names; empty accepts any. Unset, a gateway bound to a
     * loopback address accepts loopback names only (DNS-rebinding protection) and any other gateway accepts any host.
     */
    private static List<String> allowedHosts(List<String> configured, String bindHost) {
        if (configured.contains("*")) {
            return List.of();
        }
        if (!configured.isEmpty()) {
            return configured.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
        }
        boolean loopback = bindHost.equals("localhost") || bindHost.startsWith("127.") || bindHost.equals("::1")
                || bindHost.equals("[::1]");
        return loopback ? List.of("localhost") : List.of();
    }
}
