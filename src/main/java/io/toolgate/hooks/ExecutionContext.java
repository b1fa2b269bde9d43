package io.toolgate.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.toolgate.registry.ToolEntry;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * One {@code execute_tool} call as hooks see it. {@link #arguments()} may be changed or replaced before the call
 * (they are validated after every {@code beforeExecute} ran); {@link #extraHeaders()} are sent to the upstream and win
 * over every other header of the same name; {@link #metadata()} carries values from hook to hook.
 */
public final class ExecutionContext {

    private final ToolEntry tool;
    private final Map<String, String> headers;
    private final GatewayUser user;
    private final JsonNode requestMeta;
    private final Map<String, String> extraHeaders = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final Map<String, Object> metadata = new LinkedHashMap<>();
    private ObjectNode arguments;

    public ExecutionContext(ToolEntry tool, ObjectNode arguments, Map<String, String> headers, GatewayUser user,
                            JsonNode requestMeta) {
        this.tool = tool;
        this.arguments = arguments;
        this.headers = headers == null ? Map.of() : Map.copyOf(headers);
        this.user = user;
        this.requestMeta = requestMeta == null ? null : requestMeta.deepCopy();
    }

    /** The tool being executed: exposed name, domain, group, and the upstream's descriptor. */
    public ToolEntry tool() {
        return tool;
    }

    public ObjectNode arguments() {
        return arguments;
    }

    public void setArguments(ObjectNode arguments) {
        if (arguments == null) {
            throw new IllegalArgumentException("arguments must not be null");
        }
        this.arguments = arguments;
    }

    /** The caller's HTTP request headers, lower-case names, read-only. */
    public Map<String, String> headers() {
        return headers;
    }

    /** The authenticated user, or {@code null}. */
    public GatewayUser user() {
        return user;
    }

    /** Headers to add to the upstream request (case-insensitive names). */
    public Map<String, String> extraHeaders() {
        return extraHeaders;
    }

    public Map<String, Object> metadata() {
        return metadata;
    }

    /** A copy of the caller's {@code _meta} of the {@code tools/call} request, or {@code null}. */
    public JsonNode requestMeta() {
        return requestMeta == null ? null : requestMeta.deepCopy();
    }
}
