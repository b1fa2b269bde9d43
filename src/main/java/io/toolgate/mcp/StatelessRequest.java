package io.toolgate.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.toolgate.json.Json;
import io.toolgate.error.McpProtocolException;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A request of the stateless era (2026-07-28): no session; the protocol version, the client's capabilities and,
 * optionally, the log level it wants travel in the request's {@code _meta}, and the HTTP headers
 * {@code MCP-Protocol-Version}, {@code Mcp-Method} and {@code Mcp-Name} repeat what the body says.
 *
 * @param logLevel the least severe {@code notifications/message} the client wants, or null for none
 */
public record StatelessRequest(String protocolVersion, ObjectNode clientCapabilities, String logLevel) {

    public static final String VERSION_KEY = "io.modelcontextprotocol/protocolVersion";
    public static final String CAPABILITIES_KEY = "io.modelcontextprotocol/clientCapabilities";
    public static final String CLIENT_INFO_KEY = "io.modelcontextprotocol/clientInfo";
    public static final String LOG_LEVEL_KEY = "io.modelcontextprotocol/logLevel";
    public static final String SERVER_INFO_KEY = "io.modelcontextprotocol/serverInfo";
    public static final String SUBSCRIPTION_ID_KEY = "io.modelcontextprotocol/subscriptionId";
    /** Methods of the sessions era that the stateless era removed: they answer HTTP 404 with -32601. */
    static final Set<String> REMOVED = Set.of("initialize", "ping", "logging/setLevel", "resources/subscribe",
            "resources/unsubscribe");
    /** Results a client may cache: they carry {@code ttlMs} and {@code cacheScope}. */
    private static final Set<String> CACHEABLE = Set.of("server/discover", "tools/list", "prompts/list",
            "resources/list", "resources/templates/list", "resources/read");
    private static final int LEGACY_RESOURCE_NOT_FOUND = -32002;
    /** The params field each method names its target in, repeated by the {@code Mcp-Name} header. */
    static final Map<String, String> NAME_FIELD = Map.of("tools/call", "name", "prompts/get", "name",
            "resources/read", "uri", "tasks/get", "taskId", "tasks/update", "taskId", "tasks/cancel", "taskId");

    /** A request refused before dispatch, with the HTTP status to answer. */
    public static final class Rejected extends McpProtocolException {
        private final int status;

        Rejected(int status, int code, String message, JsonNode data) {
            super(code, message, data);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    /**
     * True when a request without a session belongs to the stateless era: it names a protocol version in
     * {@code _meta}, or its {@code MCP-Protocol-Version} header is not a sessions-era version, or it is
     * {@code server/discover}. Anything else without a session is a sessions-era request missing its session.
     */
    public static boolean applies(String sessionId, String versionHeader, String method, JsonNode message) {
        if (sessionId != null) {
            return false;
        }
        return message.path("params").path("_meta").has(VERSION_KEY) || "server/discover".equals(method)
                || versionHeader != null && !McpProtocol.SUPPORTED.contains(versionHeader.trim());
    }

    /**
     * Checks a stateless request's headers and {@code _meta} against its body, in the order the specification
     * gives, and takes the protocol fields out of {@code _meta} so they are not forwarded upstream.
     *
     * @param headers the HTTP request headers, names lower-cased
     * @throws Rejected -32020 (400) for a missing or contradicting header, -32602 (400) for missing {@code _meta}
     *                  fields, -32022 (400) for a version the gateway does not serve, -32601 (404) for a method the
     *                  stateless era removed
     */
    public static StatelessRequest read(Map<String, String> headers, String method, ObjectNode message) {
        String headerVersion = trimmed(headers.get("mcp-protocol-version"));
        if (headerVersion == null) {
            throw badRequest(McpProtocolException.HEADER_MISMATCH, "Header mismatch: MCP-Protocol-Version is required");
        }
        JsonNode params = message.get("params");
        JsonNode meta = params == null ? null : params.get("_meta");
        JsonNode version = meta == null ? null : meta.get(VERSION_KEY);
        JsonNode capabilities = meta == null ? null : meta.get(CAPABILITIES_KEY);
        if (version == null || capabilities == null) {
            throw badRequest(McpProtocolException.INVALID_PARAMS, "Invalid params: _meta must carry " + VERSION_KEY
                    + " and " + CAPABILITIES_KEY);
        }
        if (!version.isTextual() || !capabilities.isObject()) {
            throw badRequest(McpProtocolException.INVALID_PARAMS, "Invalid params: " + VERSION_KEY
                    + " must be a string and " + CAPABILITIES_KEY + " an object");
        }
        if (!headerVersion.equals(version.textValue())) {
            throw badRequest(McpProtocolException.HEADER_MISMATCH,
                    "Header mismatch: MCP-Protocol-Version does not match _meta " + VERSION_KEY);
        }
        if (!McpProtocol.STATELESS.contains(headerVersion)) {
            ObjectNode data = Json.object();
            McpProtocol.STATELESS.forEach(data.putArray("supported")::add);
            data.put("requested", headerVersion);
            throw new Rejected(400, McpProtocolException.UNSUPPORTED_PROTOCOL_VERSION,
                    "Unsupported protocol version: " + headerVersion, data);
        }
        if (!method.equals(trimmed(headers.get("mcp-method")))) {
            throw badRequest(McpProtocolException.HEADER_MISMATCH, "Header mismatch: Mcp-Method must be " + method);
        }
        String nameField = NAME_FIELD.get(method);
        JsonNode name = nameField == null ? null : params.get(nameField);
        String headerName = trimmed(headers.get("mcp-name"));
        if (name != null && name.isTextual() && !name.textValue().equals(headerName)) {
            throw badRequest(McpProtocolException.HEADER_MISMATCH,
                    "Header mismatch: Mcp-Name must repeat params." + nameField);
        }
        if (REMOVED.contains(method)) {
            throw new Rejected(404, McpProtocolException.METHOD_NOT_FOUND, "Method not found: " + method
                    + " (removed in protocol version " + headerVersion + ")", null);
        }
        JsonNode level = meta.get(LOG_LEVEL_KEY);
        if (level != null && !(level.isTextual() && ClientSession.LOG_LEVELS.contains(level.textValue()))) {
            throw badRequest(McpProtocolException.INVALID_PARAMS,
                    "Invalid params: " + LOG_LEVEL_KEY + " must be one of " + ClientSession.LOG_LEVELS);
        }
        ObjectNode forwarded = (ObjectNode) meta;
        forwarded.remove(List.of(VERSION_KEY, CAPABILITIES_KEY, CLIENT_INFO_KEY, LOG_LEVEL_KEY));
        if (forwarded.isEmpty()) {
            ((ObjectNode) params).remove("_meta");
        }
        return new StatelessRequest(headerVersion, (ObjectNode) capabilities, level == null ? null : level.textValue());
    }

    /** True when the client declared the capability ({@code sampling}, {@code elicitation}, {@code roots}). */
    public boolean supports(String capability) {
        return clientCapabilities.has(capability);
    }

    /** True when the client asked for log messages of this level (none when it named no level). */
    public boolean logs(String level) {
        return logLevel != null && ClientSession.passes(level, ClientSession.LOG_LEVELS.indexOf(logLevel));
    }

    /**
     * The response as the stateless era shapes it: a result says {@code resultType: complete}, and a cacheable one
     * says how long it may be cached ({@code ttlMs: 0}: not at all, since upstreams and policies change it at any
     * time) and for whom ({@code private}: it depends on the caller's policy). The sessions era's "resource not
     * found" (-32002, still what upstreams of that era answer) becomes this era's -32602.
     */
    public static JsonNode shape(String method, JsonNode response) {
        JsonNode error = response == null ? null : response.get("error");
        if (error != null && error.path("code").asInt() == LEGACY_RESOURCE_NOT_FOUND) {
            ((ObjectNode) error).put("code", McpProtocolException.INVALID_PARAMS);
        }
        if (response != null && response.path("result").isObject()) {
            ObjectNode result = (ObjectNode) response.get("result");
            if (!result.has("resultType")) {
                result.put("resultType", "complete");
            }
            if (CACHEABLE.contains(method) && !result.has("ttlMs")) {
                result.put("ttlMs", 0).put("cacheScope", "private");
            }
        }
        return response;
    }

    /** The HTTP status of a stateless response: 404 for an unknown method, 400 for the era's request errors. */
    public static int status(JsonNode response) {
        int code = response == null ? 0 : response.path("error").path("code").asInt(0);
        return switch (code) {
            case McpProtocolException.METHOD_NOT_FOUND -> 404;
            case McpProtocolException.HEADER_MISMATCH, McpProtocolException.MISSING_CLIENT_CAPABILITY,
                 McpProtocolException.UNSUPPORTED_PROTOCOL_VERSION -> 400;
            default -> 200;
        };
    }

    private static Rejected badRequest(int code, String message) {
        return new Rejected(400, code, message, null);
    }

    private static String trimmed(String value) {
        return value == null ? null : value.strip();
    }
}
