package io.toolgate.config;

import io.toolgate.registry.AccessPolicy;
import io.toolgate.upstream.UpstreamSpec;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The configured upstreams and how the gateway talks to them.
 *
 * @param specs                 every configured domain, the examples domain last when it is on
 *                              ({@code GATEWAY_UPSTREAMS}, {@code GATEWAY_UPSTREAMS_FILE}, {@code GATEWAY_UPSTREAM_HEADERS})
 * @param skipped               the servers of {@code GATEWAY_UPSTREAMS_FILE} the gateway does not serve, in file order
 * @param examples              whether the examples domain is served ({@code GATEWAY_EXAMPLES})
 * @param domainDescriptions    operator descriptions by domain ({@code GATEWAY_DOMAIN_DESCRIPTIONS})
 * @param forwardHeaders        caller headers forwarded to upstreams without a list of their own
 *                              ({@code GATEWAY_FORWARD_HEADERS})
 * @param accessPolicy          which upstream tools are exposed ({@code GATEWAY_ACCESS_POLICY} or the inline lists)
 * @param registryAuthToken     the bearer token of discovery requests, or null ({@code GATEWAY_REGISTRY_AUTH_TOKEN})
 * @param timeoutMillis         how long one upstream request may take ({@code GATEWAY_UPSTREAM_TIMEOUT})
 * @param maxResponseBytes      the largest upstream response accepted ({@code GATEWAY_MAX_RESPONSE_BYTES})
 * @param refreshIntervalMillis the period of the background refresh, 0 for none ({@code GATEWAY_REFRESH_INTERVAL})
 * @param examplesFetchPrivate  whether the examples' fetch tool may reach private addresses
 *                              ({@code GATEWAY_EXAMPLES_FETCH_PRIVATE})
 */
public record UpstreamSettings(List<UpstreamSpec> specs, List<Skipped> skipped, boolean examples, Map<String, String> domainDescriptions,
                               List<String> forwardHeaders, AccessPolicy accessPolicy, String registryAuthToken,
                               long timeoutMillis, long maxResponseBytes, long refreshIntervalMillis,
                               boolean examplesFetchPrivate) {

    /**
     * A server of {@code GATEWAY_UPSTREAMS_FILE} the gateway does not serve.
     *
     * @param file   the file it is in
     * @param name   its name there
     * @param reason why it is not served
     */
    public record Skipped(Path file, String name, String reason) {

        /** The startup log line. */
        public String message() {
            return "Upstream file " + file + ": skipped '" + name + "': " + reason;
        }
    }
}
