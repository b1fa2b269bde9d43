package io.toolgate.mcp;

import io.toolgate.error.McpProtocolException;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * First handler of {@code /mcp}: DNS-rebinding protection. A browser's foreign {@code Origin}, or a {@code Host} the
 * gateway does not serve, gets 403 before anything else is read. Loopback origins and hosts are always accepted.
 */
final class TransportGuard implements Handler<RoutingContext> {

    private static final Set<String> LOOPBACK_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

    private final List<String> allowedOrigins;
    private final List<String> allowedHosts;

    /**
     * @param allowedOrigins {@code Origin} values accepted besides loopback ones; {@code *} accepts any
     * @param allowedHosts   {@code Host} values accepted (host, or host:port) besides loopback names; empty for any
     */
    TransportGuard(List<String> allowedOrigins, List<String> allowedHosts) {
        this.allowedOrigins = allowedOrigins;
        this.allowedHosts = allowedHosts;
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (!originAllowed(ctx.request().getHeader("Origin"))) {
            ResponseWriter.reject(ctx, 403, McpProtocolException.INVALID_REQUEST, "Forbidden: Origin not allowed");
        } else if (!hostAllowed(ctx.request().getHeader("Host"))) {
            ResponseWriter.reject(ctx, 403, McpProtocolException.INVALID_REQUEST, "Forbidden: Host not allowed");
        } else {
            ctx.next();
        }
    }

    boolean originAllowed(String origin) {
        if (origin == null || allowedOrigins.contains("*") || allowedOrigins.contains(origin)) {
            return true;
        }
        try {
            String host = URI.create(origin).getHost();
            return host != null && LOOPBACK_HOSTS.contains(host.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** A DNS name rebound to the gateway's address is refused unless it is listed ({@code name} or {@code name:port}). */
    boolean hostAllowed(String host) {
        if (host == null || allowedHosts.isEmpty()) {
            return true;
        }
        String h = host.toLowerCase(Locale.ROOT);
        int bracket = h.indexOf(']');
        int colon = bracket >= 0 ? h.indexOf(':', bracket) : h.indexOf(':');
        String name = colon < 0 ? h : h.substring(0, colon);
        return LOOPBACK_HOSTS.contains(name) || allowedHosts.contains(name) || allowedHosts.contains(h);
    }
}
