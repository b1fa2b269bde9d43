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
 * Reads {@link UpstreamSettings}: {@code GATEWAY_UPSTREAMS} (domain → URL string or object), then the servers of the
 * desktop client's file named by {@code GATEWAY_UPSTREAMS_FILE}, the static headers of
 * {@code GATEWAY_UPSTREAM_HEADERS}, the access policy, and the examples domain.
 */
final class UpstreamParser {

    private static final String KEY = "gateway.upstreams";
    private static final String HEADERS_KEY = "gateway.upstream-headers";
    private static final String EXAMPLES_DOMAIN = "examples";
    private static final String EXAMPLES_ENDPOINT = "direct:examples";
    private static final Set<String> UPSTREAM_KEYS = Set.of("url", "endpoint", "command", "args", "env", "cwd",
            "transport", "headers", "forward_headers", "allowed_tools", "denied_tools");
    private static final Set<String> STDIO_KEYS = Set.of("command", "args", "env", "cwd");

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
        String file = r.raw(DesktopConfigFile.KEY);
        List<UpstreamSettings.Skipped> skipped = new ArrayList<>();
        if (file != null) {
            fileSpecs(DesktopConfigFile.read(file), specs, skipped);
        }
        AccessPolicy policy = AccessPolicyParser.parse(r, inlineAllow, inlineDeny);
        boolean examples = r.bool("gateway.examples", specs.isEmpty() && file == null);
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
        return new UpstreamSettings(List.copyOf(specs), List.copyOf(skipped), examples,
                r.stringMap("gateway.domain-descriptions"), globalForward, policy, r.string("gateway.registry-auth-token", null),
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
            out.add(spec(ConfigReader.envName(KEY), e.getKey(), e.getValue()));
        }
        return out;
    }

    /**
     * Adds the file's servers to {@code specs}, each parsed as a {@code GATEWAY_UPSTREAMS} entry. A server that is
     * skipped, invalid, or whose domain is already configured (the earlier one wins) goes to {@code skipped}.
     */
    private void fileSpecs(DesktopConfigFile file, List<UpstreamSpec> specs, List<UpstreamSettings.Skipped> skipped) {
        int fromEnv = specs.size();
        boolean examples = r.bool("gateway.examples", false);
        for (DesktopConfigFile.Entry e : file.entries()) {
            String reason = e.skipped() != null ? e.skipped() : conflict(specs, fromEnv, e.domain(), examples);
            if (reason == null) {
                try {
                    specs.add(spec(ConfigReader.envName(DesktopConfigFile.KEY), e.domain(), e.upstream()));
                } catch (ConfigException invalid) {
                    reason = invalid.getMessage();
                }
            }
            if (reason != null) {
                skipped.add(new UpstreamSettings.Skipped(file.path(), e.name(), reason));
            }
        }
    }

    /** Why a file server cannot have the domain: an earlier upstream has it, or the examples domain. Null when free. */
    private static String conflict(List<UpstreamSpec> specs, int fromEnv, String domain, boolean examples) {
        for (int i = 0; i < specs.size(); i++) {
            if (specs.get(i).domain().equals(domain)) {
                return i < fromEnv ? "domain '" + domain + "' is configured in " + ConfigReader.envName(KEY) + ", which wins"
                        : "another server of the file is already served as domain '" + domain + "'";
            }
        }
        return examples && domain.equals(EXAMPLES_DOMAIN)
                ? "domain '" + EXAMPLES_DOMAIN + "' is reserved while GATEWAY_EXAMPLES is on" : null;
    }

    /** One upstream entry; its inline tool lists are kept only when the whole entry is valid. */
    private UpstreamSpec spec(String env, String domain, JsonNode v) {
        UpstreamSpec spec = connection(env, domain, v);
        if (v.isObject()) {
            List<String> allow = v.has("allowed_tools") ? AccessPolicyParser.globs(v.get("allowed_tools"),
                    () -> "Invalid " + env + ": 'allowed_tools' of '" + domain + "' must be a list of strings") : null;
            List<String> deny = v.has("denied_tools") ? AccessPolicyParser.globs(v.get("denied_tools"),
                    () -> "Invalid " + env + ": 'denied_tools' of '" + domain + "' must be a list of strings") : null;
            if (allow != null) {
                inlineAllow.put(domain, allow);
            }
            if (deny != null) {
                inlineDeny.put(domain, deny);
            }
        }
        return spec;
    }

    /** How the gateway reaches the upstream of one entry; {@code env} names its source in messages. */
    private UpstreamSpec connection(String env, String domain, JsonNode v) {
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
                            + "' (supported: allowed_tools, args, command, cwd, denied_tools, endpoint, env,"
                            + " forward_headers, headers, transport, url)");
                }
            }
            url = v.path("url").isTextual() ? v.path("url").textValue() : null;
            endpoint = v.path("endpoint").isTextual() ? v.path("endpoint").textValue() : null;
            boolean stdio = v.has("command");
            if ((url != null ? 1 : 0) + (endpoint != null ? 1 : 0) + (stdio ? 1 : 0) != 1) {
                throw new ConfigException("Upstream '" + domain + "' object must contain exactly one of a non-empty 'url',"
                        + " an 'endpoint' or a 'command' (" + env + ")");
            }
            if (v.has("headers")) {
                headers.putAll(headers(env, domain, v.get("headers")));
            }
            if (v.has("forward_headers")) {
                forward = headerNames(env, domain, "forward_headers", v.get("forward_headers"));
            }
            UpstreamSpec.Transport transport = transport(env, v, domain, stdio);
            if (transport == UpstreamSpec.Transport.STDIO) {
                return stdio(env, domain, v);
            }
            for (String k : STDIO_KEYS) {
                if (v.has(k)) {
                    throw new ConfigException("Invalid " + env + ": '" + k + "' of '" + domain
                            + "' applies to a stdio upstream, which has a 'command' and no 'url'");
                }
            }
            if (transport == UpstreamSpec.Transport.SSE) {
                return sse(env, domain, url, headers, v.has("forward_headers"));
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

    /** The entry's {@code transport}: {@code stdio} with a {@code command}, else {@code streamable-http} (the default) or {@code sse}. */
    private static UpstreamSpec.Transport transport(String env, JsonNode v, String domain, boolean stdio) {
        JsonNode t = v.get("transport");
        String name = t == null ? (stdio ? "stdio" : "streamable-http") : t.isTextual() ? t.textValue() : "";
        UpstreamSpec.Transport transport = switch (name) {
            case "stdio" -> UpstreamSpec.Transport.STDIO;
            case "streamable-http" -> UpstreamSpec.Transport.STREAMABLE_HTTP;
            case "sse" -> UpstreamSpec.Transport.SSE;
            default -> throw new ConfigException("Invalid " + env + ": 'transport' of '" + domain
                    + "' must be one of streamable-http, sse, stdio");
        };
        if (stdio != (transport == UpstreamSpec.Transport.STDIO)) {
            throw new ConfigException("Invalid " + env + ": upstream '" + domain + "' with transport '" + name + "' needs "
                    + (stdio ? "a 'url', not a 'command'" : "a 'command'"));
        }
        if (v.has("endpoint") && t != null) {
            throw new ConfigException("Invalid " + env + ": upstream '" + domain + "' bound to an 'endpoint' has no 'transport'");
        }
        return transport;
    }

    /** A stdio upstream: only the process and the tool lists; it has no HTTP headers. */
    private UpstreamSpec stdio(String env, String domain, JsonNode v) {
        if (v.has("headers") || v.has("forward_headers") || staticHeaders.containsKey(domain)) {
            throw new ConfigException("Invalid " + env + ": stdio upstream '" + domain
                    + "' has no HTTP headers; pass what it needs in 'env'");
        }
        return UpstreamSpec.stdio(domain, StdioCommandParser.parse(v, env, domain));
    }

    /** A legacy HTTP+SSE upstream: one connection serves every caller, so its headers are the static ones only. */
    private UpstreamSpec sse(String env, String domain, String url, Map<String, String> headers, boolean forwards) {
        if (forwards) {
            throw new ConfigException("Invalid " + env + ": sse upstream '" + domain
                    + "' shares one connection among all callers, so it cannot forward callers' headers");
        }
        if (ConfigReader.httpUrl(url) == null) {
            throw new ConfigException("Invalid " + env + ": url of '" + domain + "' must be an http(s) URL with a host");
        }
        headers.putAll(staticHeaders.getOrDefault(domain, Map.of()));
        return UpstreamSpec.sse(domain, url, Map.copyOf(headers));
    }

    /** {@code GATEWAY_UPSTREAM_HEADERS}: domain → static headers. */
    private Map<String, Map<String, String>> headerMap() {
        JsonNode node = r.object(HEADERS_KEY);
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        if (node != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.put(e.getKey(), headers(ConfigReader.envName(HEADERS_KEY), e.getKey(), e.getValue()));
            }
        }
        return out;
    }

    private static Map<String, String> headers(String env, String domain, JsonNode node) {
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
