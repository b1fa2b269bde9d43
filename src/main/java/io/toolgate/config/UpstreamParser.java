package io.toolgate.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.toolgate.error.ConfigException;
import io.toolgate.registry.AccessPolicy;
import io.toolgate.registry.DomainState;
import io.toolgate.upstream.UpstreamSpec;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@link UpstreamSettings}: {@code GATEWAY_UPSTREAMS} (domain → URL string or object), the static headers of
 * {@code GATEWAY_UPSTREAM_HEADERS}, the access policy, and the examples domain.
 */
final class UpstreamParser {

    private static final String KEY = "gateway.upstreams";
    private static final String HEADERS_KEY = "gateway.upstream-headers";
    private static final String EXAMPLES_DOMAIN = "examples";
    private static final String EXAMPLES_ENDPOINT = "direct:examples";
    private static final Set<String> UPSTREAM_KEYS = Set.of("url", "endpoint", "headers", "forward_headers",
            "allowed_tools", "denied_tools");

    private final ConfigReader r;
    private final List<String> globalForward;
    private final Map<String, Map<String, String>> staticHeaders;
    private final Map<String, List<String>> inlineAllow = new LinkedHashMap<>();
    private final Map<String, List<String>> inlineDeny = new LinkedHashMap<>();

    private UpstreamParser(ConfigReader r) {
        this.r = r;
        this.globalForward = r.list("gateway.forward-headers");
        this.staticHeaders = headerMap();
    }

    static UpstreamSettings parse(ConfigReader r) {
        return new UpstreamParser(r).settings();
    }

    private UpstreamSettings settings() {
        List<UpstreamSpec> specs = specs();
        AccessPolicy policy = AccessPolicyParser.parse(r, inlineAllow, inlineDeny);
        boolean examples = r.bool("gateway.examples", specs.isEmpty());
        if (examples) {
            if (specs.stream().anyMatch(u -> u.domain().equals(EXAMPLES_DOMAIN))) {
                throw new ConfigException("Invalid GATEWAY_UPSTREAMS: domain '" + EXAMPLES_DOMAIN
                        + "' is reserved while GATEWAY_EXAMPLES is on");
            }
            specs.add(UpstreamSpec.configured(EXAMPLES_DOMAIN, null, EXAMPLES_ENDPOINT, Map.of(), List.of()));
        }
        for (String domain : staticHeaders.keySet()) {
            if (specs.stream().noneMatch(u -> u.domain().equals(domain))) {
                throw new ConfigException("Invalid " + ConfigReader.envName(HEADERS_KEY) + ": unknown domain '" + domain + "'");
            }
        }
        return new UpstreamSettings(List.copyOf(specs), examples, r.stringMap("gateway.domain-descriptions"), globalForward,
                policy, r.string("gateway.registry-auth-token", null),
                r.seconds("gateway.upstream-timeout", Defaults.UPSTREAM_TIMEOUT_MILLIS),
                r.longMin("gateway.max-response-bytes", Defaults.MAX_RESPONSE_BYTES, 1024),
                r.seconds("gateway.refresh-interval", Defaults.REFRESH_INTERVAL_MILLIS),
                r.bool("gateway.examples-fetch-private", Defaults.EXAMPLES_FETCH_PRIVATE));
    }

    /** The configured upstreams, in order; inline {@code allowed_tools} / {@code denied_tools} lists are collected. */
    private List<UpstreamSpec> specs() {
        JsonNode node = r.object(KEY);
        List<UpstreamSpec> out = new ArrayList<>();
        if (node == null) {
            return out;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.add(spec(e.getKey(), e.getValue()));
        }
        return out;
    }

    private UpstreamSpec spec(String domain, JsonNode v) {
        String env = ConfigReader.envName(KEY);
        if (!DomainState.isValidName(domain)) {
            throw new ConfigException("Invalid " + env + ": domain '" + domain + "' must be " + DomainState.NAME_RULE);
        }
        String url = null;
        String endpoint = null;
        Map<String, String> headers = new LinkedHashMap<>();
        List<String> forward = globalForward;
        if (v.isTextual()) {
            url = v.textValue();
        } else if (v.isObject()) {
            for (Iterator<String> keys = v.fieldNames(); keys.hasNext(); ) {
                String k = keys.next();
                if (!UPSTREAM_KEYS.contains(k)) {
                    throw new ConfigException("Invalid " + env + ": upstream '" + domain + "' has unsupported key '" + k
                            + "' (supported: allowed_tools, denied_tools, endpoint, forward_headers, headers, url)");
                }
            }
            url = v.path("url").isTextual() ? v.path("url").textValue() : null;
            endpoint = v.path("endpoint").isTextual() ? v.path("endpoint").textValue() : null;
            if ((url == null) == (endpoint == null)) {
                throw new ConfigException("Upstream '" + domain + "' object must contain a non-empty 'url' key or an 'endpoint' key, not both ("
                        + env + ")");
            }
            if (v.has("headers")) {
                headers.putAll(headers(KEY, domain, v.get("headers")));
            }
            if (v.has("forward_headers")) {
                forward = headerNames(env, domain, "forward_headers", v.get("forward_headers"));
            }
            if (v.has("allowed_tools")) {
                inlineAllow.put(domain, AccessPolicyParser.globs(v.get("allowed_tools"), () -> "Invalid " + env
                        + ": 'allowed_tools' of '" + domain + "' must be a list of strings"));
            }
            if (v.has("denied_tools")) {
                inlineDeny.put(domain, AccessPolicyParser.globs(v.get("denied_tools"), () -> "Invalid " + env
                        + ": 'denied_tools' of '" + domain + "' must be a list of strings"));
            }
        } else {
            throw new ConfigException("Invalid " + env + ": value for '" + domain + "' must be a URL string or an object");
        }
        if (url != null) {
            if (ConfigReader.httpUrl(url) == null) {
                throw new ConfigException("Invalid " + env + ": url of '" + domain + "' must be an http(s) URL with a host");
            }
            endpoint = UpstreamSpec.endpointFor(domain);
        }
        headers.putAll(staticHeaders.getOrDefault(domain, Map.of()));
        return UpstreamSpec.configured(domain, url, endpoint, Map.copyOf(headers), forward);
    }

    /** {@code GATEWAY_UPSTREAM_HEADERS}: domain → static headers. */
    private Map<String, Map<String, String>> headerMap() {
        JsonNode node = r.object(HEADERS_KEY);
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        if (node != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.put(e.getKey(), headers(HEADERS_KEY, e.getKey(), e.getValue()));
            }
        }
        return out;
    }

    private static Map<String, String> headers(String key, String domain, JsonNode node) {
        String env = ConfigReader.envName(key);
        if (!node.isObject()) {
            throw new ConfigException("Invalid " + env + ": headers for '" + domain + "' must be a JSON object");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> h = it.next();
            if (!ConfigReader.isHeaderName(h.getKey()) || !h.getValue().isTextual()
                    || h.getValue().textValue().chars().anyMatch(c -> c == '\r' || c == '\n')) {
                throw new ConfigException("Invalid " + env + ": header '" + h.getKey() + "' for '" + domain
                        + "' needs a valid name and a single-line string value");
            }
            out.put(h.getKey(), h.getValue().textValue());
        }
        return out;
    }

    private static List<String> headerNames(String env, String domain, String field, JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.isArray()) {
            for (JsonNode n : node) {
                if (!n.isTextual() || !ConfigReader.isHeaderName(n.textValue())) {
                    out = null;
                    break;
                }
                out.add(n.textValue().toLowerCase(Locale.ROOT));
            }
        }
        if (out == null || !node.isArray()) {
            throw new ConfigException("Invalid " + env + ": '" + field + "' of '" + domain + "' must be a list of header names");
        }
        return List.copyOf(out);
    }
}
