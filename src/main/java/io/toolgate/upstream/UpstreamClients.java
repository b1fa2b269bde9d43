package io.toolgate.upstream;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.function.BiConsumer;

/**
 * Every domain's {@link UpstreamSpec} and, for MCP-bound domains, its {@link UpstreamClient}s (one for execution, one
 * for discovery when {@code discovery_url} differs). Registrations install and remove domains while the gateway runs;
 * readers always see a whole {@link Upstream}. Registered upstreams connect through the URL guard's proxy selector.
 */
public final class UpstreamClients implements AutoCloseable {

    /** Upstream sessions kept per upstream, one per distinct set of execution headers; the least recently used goes. */
    public static final int MAX_SESSIONS_PER_UPSTREAM = 64;

    /** A domain's spec and clients; the clients are null for a domain bound to a Camel endpoint. */
    public record Upstream(UpstreamSpec spec, UpstreamClient client, UpstreamClient discovery,
                           Map<String, String> discoveryHeaders) {
    }

    private final Map<String, Upstream> upstreams = new ConcurrentHashMap<>();
    private final long timeoutMillis;
    private final long maxResponseBytes;
    private final String version;
    private final HttpClient configuredHttp;
    private final HttpClient guardedHttp;
    private final Map<String, String> registryToken;
    private final ExecutorService relay;
    private final ExecutorService listeners;
    private volatile BiConsumer<String, JsonNode> events = (domain, message) -> { };
    private volatile boolean started;

    /**
     * @param configured        the configured upstreams, installed at once
     * @param registryAuthToken the bearer token of discovery requests that name no headers of their own, or null
     * @param timeoutMillis     how long one upstream request may take
     * @param maxResponseBytes  the largest upstream response accepted
     * @param connectGuard      the proxy selector that checks registered upstreams' addresses on every request
     * @param relay             answers requests upstreams send during calls (may wait for the caller)
     * @param listeners         holds one thread per installed upstream that offers an event stream
     */
    public UpstreamClients(List<UpstreamSpec> configured, String registryAuthToken, long timeoutMillis,
                           long maxResponseBytes, String version, ProxySelector connectGuard, ExecutorService relay,
                           ExecutorService listeners) {
        this.timeoutMillis = timeoutMillis;
        this.maxResponseBytes = maxResponseBytes;
        this.version = version;
        this.relay = relay;
        this.listeners = listeners;
        this.configuredHttp = http(timeoutMillis, null);
        this.guardedHttp = http(timeoutMillis, connectGuard);
        this.registryToken = registryAuthToken == null ? Map.of() : Map.of("Authorization", "Bearer " + registryAuthToken);
        configured.forEach(u -> install(prepare(u)));
    }

    /**
     * Where upstreams' list-changed and resource-updated notifications go, with the domain that sent them. Upstreams
     * start listening for them once the sink is set (at startup, after the routes exist).
     */
    public void onEvent(BiConsumer<String, JsonNode> sink) {
        this.events = sink;
        this.started = true;
        upstreams.values().forEach(this::listen);
    }

    private void listen(Upstream u) {
        if (u.discovery() != null && !listeners.isShutdown()) {
            listeners.execute(() -> u.discovery().listen(u.discoveryHeaders()));
        }
    }

    /** Every installed domain bound to an MCP upstream. */
    public List<Upstream> mcpUpstreams() {
        return upstreams.values().stream().filter(u -> u.client() != null)
                .sorted(Comparator.comparing(u -> u.spec().domain())).toList();
    }

    private static HttpClient http(long timeoutMillis, ProxySelector proxy) {
        HttpClient.Builder b = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofMillis(Math.min(timeoutMillis, 10_000)))
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(Runnable::run);
        if (proxy != null) {
            b.proxy(proxy);
        }
        return b.build();
    }

    /** The clients a spec needs, not yet installed: a registration probes through them before committing. */
    public Upstream prepare(UpstreamSpec spec) {
        if (!spec.mcp()) {
            return new Upstream(spec, null, null, Map.of());
        }
        if (spec.transport() == UpstreamSpec.Transport.STDIO) {
            UpstreamClient client = UpstreamClient.stdio(spec.domain(), spec.command(), timeoutMillis, maxResponseBytes,
                    version, relay, message -> events.accept(spec.domain(), message));
            return new Upstream(spec, client, client, Map.of());
        }
        if (spec.transport() == UpstreamSpec.Transport.SSE) {
            // only configured upstreams use this transport (registrations cannot name it), so the URL guard does not apply
            UpstreamClient client = UpstreamClient.legacySse(spec.domain(), URI.create(spec.url()), configuredHttp,
                    spec.headers(), timeoutMillis, maxResponseBytes, version, relay,
                    message -> events.accept(spec.domain(), message));
            return new Upstream(spec, client, client, Map.of());
        }
        HttpClient http = spec.registered() ? guardedHttp : configuredHttp;
        UpstreamClient client = client(spec.domain(), spec.url(), http);
        UpstreamClient discovery = spec.discoveryUrl() == null || spec.discoveryUrl().equals(spec.url())
                ? client : client(spec.domain(), spec.discoveryUrl(), http);
        return new Upstream(spec, client, discovery, spec.discoveryHeaders() != null ? spec.discoveryHeaders() : registryToken);
    }

    private UpstreamClient client(String domain, String url, HttpClient http) {
        return UpstreamClient.streamableHttp(domain, URI.create(url), http, timeoutMillis, maxResponseBytes,
                MAX_SESSIONS_PER_UPSTREAM, version, relay, message -> events.accept(domain, message));
    }

    /** Makes the upstream current for its domain; the clients it replaces end their sessions. */
    public void install(Upstream upstream) {
        close(upstreams.put(upstream.spec().domain(), upstream), upstream);
        if (started) {
            listen(upstream);
        }
    }

    /** Forgets the domain and ends its sessions. */
    public void remove(String domain) {
        close(upstreams.remove(domain), null);
    }

    /** Ends a prepared upstream's sessions without installing it (a probe that failed or was refused). */
    public void discard(Upstream upstream) {
        close(upstream, null);
    }

    private static void close(Upstream old, Upstream keep) {
        if (old == null) {
            return;
        }
        for (UpstreamClient c : new UpstreamClient[] {old.client(), old.discovery()}) {
            if (c != null && (keep == null || (c != keep.client() && c != keep.discovery()))) {
                c.close();
            }
        }
    }

    /** The domain's spec, or null when no such domain exists (any more). */
    public UpstreamSpec spec(String domain) {
        Upstream u = upstreams.get(domain);
        return u == null ? null : u.spec();
    }

    public Upstream upstream(String domain) {
        Upstream u = upstreams.get(domain);
        if (u == null || u.client() == null) {
            throw new UpstreamException("no MCP upstream is configured for domain '" + domain + "'");
        }
        return u;
    }

    @Override
    public void close() {
        upstreams.values().forEach(u -> close(u, null));
        upstreams.clear();
    }
}
