package io.toolgate.upstream;

import io.toolgate.config.GatewayConfig;
import io.toolgate.config.UpstreamSpec;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** The {@link McpHttpClient} of every URL-bound domain, and the headers used for discovery. */
public final class UpstreamClients implements AutoCloseable {

    /** Upstream sessions kept per upstream, one per distinct set of execution headers; the least recently used goes. */
    public static final int MAX_SESSIONS_PER_UPSTREAM = 64;

    private final Map<String, McpHttpClient> clients = new HashMap<>();
    private final Map<String, String> discoveryHeaders;

    public UpstreamClients(GatewayConfig config, String version) {
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofMillis(Math.min(config.upstreamTimeoutMillis(), 10_000)))
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(Runnable::run)
                .build();
        for (UpstreamSpec u : config.upstreams()) {
            if (u.url() != null) {
                clients.put(u.domain(), new McpHttpClient(u.domain(), URI.create(u.url()), http,
                        config.upstreamTimeoutMillis(), config.maxResponseBytes(), MAX_SESSIONS_PER_UPSTREAM, version));
            }
        }
        this.discoveryHeaders = config.registryAuthToken() == null
                ? Map.of() : Map.of("Authorization", "Bearer " + config.registryAuthToken());
    }

    public McpHttpClient client(String domain) {
        McpHttpClient c = clients.get(domain);
        if (c == null) {
            throw new UpstreamException("no MCP upstream is configured for domain '" + domain + "'");
        }
        return c;
    }

    /** Headers for {@code tools/list} (the registry token); never a caller's. */
    public Map<String, String> discoveryHeaders() {
        return discoveryHeaders;
    }

    @Override
    public void close() {
        clients.values().forEach(McpHttpClient::close);
    }
}
