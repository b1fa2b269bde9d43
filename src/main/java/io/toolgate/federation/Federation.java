package io.toolgate.federation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.toolgate.json.Json;
import io.toolgate.error.McpProtocolException;
import io.toolgate.registry.AccessPolicy;
import io.toolgate.registry.ToolNaming;
import io.toolgate.upstream.OutboundHeaders;
import io.toolgate.upstream.UpstreamClients;
import io.toolgate.upstream.UpstreamClients.Upstream;
import io.toolgate.upstream.UpstreamException;
import io.toolgate.upstream.UpstreamListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Resources, resource templates, prompts and completions of every MCP upstream, under one namespace. A resource URI
 * is exposed as {@code toolgate://<domain>/<upstream URI>} and a prompt as {@code <domain>_<name>}, so two upstreams
 * never collide and every request finds its owner without a lookup; with {@code GATEWAY_TOOL_NAMING=bare} and a single
 * upstream both pass unchanged. Lists are fetched from the upstreams when asked (an upstream that fails is left out
 * and logged); the access policy hides whole domains, and prompts by name like tools.
 */
public final class Federation {

    public static final String URI_SCHEME = "toolgate://";
    public static final int RESOURCE_NOT_FOUND = -32002;
    private static final Logger LOG = LoggerFactory.getLogger(Federation.class);

    private final UpstreamClients upstreams;
    private final AccessPolicy policy;
    private final ToolNaming naming;

    public Federation(UpstreamClients upstreams, AccessPolicy policy, ToolNaming naming) {
        this.upstreams = upstreams;
        this.policy = policy;
        this.naming = naming;
    }

    /** One list method of the MCP spec: the key of its items and the field that names an item. */
    public enum Listing {
        RESOURCES("resources/list", "resources", "uri", "resources"),
        RESOURCE_TEMPLATES("resources/templates/list", "resourceTemplates", "uriTemplate", "resources"),
        PROMPTS("prompts/list", "prompts", "name", "prompts");

        final String method;
        final String key;
        final String nameField;
        final String capability;

        Listing(String method, String key, String nameField, String capability) {
            this.method = method;
            this.key = key;
            this.nameField = nameField;
            this.capability = capability;
        }
    }

    /** The items of every visible upstream that offers them, renamed into the gateway's namespace. */
    public ObjectNode list(Listing listing, Map<String, String> caller) {
        ObjectNode result = Json.object();
        ArrayNode out = result.putArray(listing.key);
        boolean bare = bare();
        for (Upstream u : visible()) {
            String domain = u.spec().domain();
            Map<String, String> headers = OutboundHeaders.of(u.spec(), caller, Map.of());
            try {
                if (!u.client().capabilities(headers).has(listing.capability)) {
                    continue;
                }
                for (JsonNode item : u.client().listAll(listing.method, listing.key, headers)) {
                    String name = item.path(listing.nameField).asText(null);
                    if (!item.isObject() || name == null
                            || (listing == Listing.PROMPTS && !policy.isAllowed(domain, name))) {
                        continue;
                    }
                    ObjectNode renamed = item.deepCopy();
                    renamed.put(listing.nameField, listing == Listing.PROMPTS
                            ? promptName(bare, domain, name) : uri(bare, domain, name));
                    out.add(renamed);
                }
            } catch (UpstreamException e) {
                LOG.warn("Upstream '{}' left out of {}: {}", domain, listing.method, e.getMessage());
            }
        }
        return result;
    }

    /** {@code resources/read}, {@code resources/subscribe}, {@code resources/unsubscribe}: routed by the URI. */
    public JsonNode resource(String method, ObjectNode params, Map<String, String> caller, UpstreamListener listener) {
        String uri = text(params, "uri");
        Target target = resourceTarget(uri).orElseThrow(() ->
                new McpProtocolException(RESOURCE_NOT_FOUND, "Resource not found: " + uri));
        ObjectNode forwarded = params.deepCopy();
        forwarded.put("uri", target.name);
        JsonNode result = call(target.upstream, method, forwarded, caller, listener);
        if (result.path("contents").isArray() && !bare()) {
            for (JsonNode content : result.get("contents")) {
                if (content.isObject() && content.path("uri").isTextual()) {
                    ((ObjectNode) content).put("uri", uri(false, target.upstream.spec().domain(), content.get("uri").asText()));
                }
            }
        }
        return result;
    }

    /** {@code prompts/get}: routed by the prompt's name. */
    public JsonNode getPrompt(ObjectNode params, Map<String, String> caller, UpstreamListener listener) {
        String name = text(params, "name");
        Target target = promptTarget(name).orElseThrow(() ->
                new McpProtocolException(McpProtocolException.INVALID_PARAMS, "Unknown prompt: " + name));
        ObjectNode forwarded = params.deepCopy();
        forwarded.put("name", target.name);
        return call(target.upstream, "prompts/get", forwarded, caller, listener);
    }

    /** {@code completion/complete}: routed by the prompt or resource template it completes an argument of. */
    public JsonNode complete(ObjectNode params, Map<String, String> caller) {
        JsonNode ref = params.get("ref");
        if (ref == null || !ref.isObject()) {
            throw new McpProtocolException(McpProtocolException.INVALID_PARAMS, "Invalid params: 'ref' must be an object");
        }
        String type = ref.path("type").asText();
        boolean prompt = "ref/prompt".equals(type);
        if (!prompt && !"ref/resource".equals(type)) {
            throw new McpProtocolException(McpProtocolException.INVALID_PARAMS, "Invalid params: unknown ref type '" + type + "'");
        }
        String field = prompt ? "name" : "uri";
        String name = text((ObjectNode) ref, field);
        Target target = (prompt ? promptTarget(name) : resourceTarget(name)).orElseThrow(() -> prompt
                ? new McpProtocolException(McpProtocolException.INVALID_PARAMS, "Unknown prompt: " + name)
                : new McpProtocolException(RESOURCE_NOT_FOUND, "Resource not found: " + name));
        Map<String, String> headers = OutboundHeaders.of(target.upstream.spec(), caller, Map.of());
        if (!target.upstream.client().capabilities(headers).has("completions")) {
            ObjectNode empty = Json.object();
            empty.putObject("completion").put("hasMore", false).putArray("values");
            return empty;
        }
        ObjectNode forwarded = params.deepCopy();
        ((ObjectNode) forwarded.get("ref")).put(field, target.name);
        return call(target.upstream, "completion/complete", forwarded, caller, null);
    }

    /** The URI a client sees for an upstream's resource URI. */
    public String exposedUri(String domain, String upstreamUri) {
        return uri(bare(), domain, upstreamUri);
    }

    private record Target(Upstream upstream, String name) {
    }

    private Optional<Target> resourceTarget(String uri) {
        if (bare()) {
            return visible().stream().findFirst().map(u -> new Target(u, uri));
        }
        if (!uri.startsWith(URI_SCHEME)) {
            return Optional.empty();
        }
        String rest = uri.substring(URI_SCHEME.length());
        int slash = rest.indexOf('/');
        if (slash <= 0) {
            return Optional.empty();
        }
        String domain = rest.substring(0, slash);
        return visible().stream().filter(u -> u.spec().domain().equals(domain)).findFirst()
                .map(u -> new Target(u, rest.substring(slash + 1)));
    }

    /** The longest domain {@code name} starts with (then {@code _}) owns the prompt. */
    private Optional<Target> promptTarget(String name) {
        if (bare()) {
            return visible().stream().findFirst().filter(u -> policy.isAllowed(u.spec().domain(), name))
                    .map(u -> new Target(u, name));
        }
        return visible().stream()
                .filter(u -> name.startsWith(u.spec().domain() + "_") && name.length() > u.spec().domain().length() + 1)
                .max(Comparator.comparingInt(u -> u.spec().domain().length()))
                .map(u -> new Target(u, name.substring(u.spec().domain().length() + 1)))
                .filter(t -> policy.isAllowed(t.upstream.spec().domain(), t.name));
    }

    private JsonNode call(Upstream upstream, String method, ObjectNode params, Map<String, String> caller,
                          UpstreamListener listener) {
        try {
            return upstream.client().request(method, params, OutboundHeaders.of(upstream.spec(), caller, Map.of()), listener);
        } catch (UpstreamException e) {
            if (e.rpcCode() != null) {
                throw new McpProtocolException(e.rpcCode(), e.getMessage(), e.rpcData());
            }
            LOG.warn("{} failed on upstream '{}': {}", method, upstream.spec().domain(), e.getMessage());
            throw new McpProtocolException(McpProtocolException.INTERNAL_ERROR,
                    "Upstream '" + upstream.spec().domain() + "' is unavailable");
        }
    }

    private List<Upstream> visible() {
        return upstreams.mcpUpstreams().stream().filter(u -> policy.isDomainVisible(u.spec().domain())).toList();
    }

    private boolean bare() {
        return naming == ToolNaming.BARE && upstreams.mcpUpstreams().size() == 1;
    }

    private static String uri(boolean bare, String domain, String upstreamUri) {
        return bare ? upstreamUri : URI_SCHEME + domain + "/" + upstreamUri;
    }

    private static String promptName(boolean bare, String domain, String name) {
        return bare ? name : domain + "_" + name;
    }

    private static String text(ObjectNode params, String field) {
        JsonNode v = params.get(field);
        if (v == null || !v.isTextual()) {
            throw new McpProtocolException(McpProtocolException.INVALID_PARAMS, "Invalid params: '" + field + "' must be a string");
        }
        return v.textValue();
    }
}
