package io.toolgate.upstream;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The headers that name what a message is about, so that intermediaries can route without reading bodies: in a
 * stateless session every request's {@code Mcp-Method} and, for the methods that address one thing, its
 * {@code Mcp-Name}; on {@code tools/call} the {@code Mcp-Param-*} headers of the arguments the tool declared with
 * {@code x-mcp-header} (remembered from the last tool listing).
 */
final class RoutingHeaders {

    private static final Map<String, String> NAME_FIELD = Map.of("tools/call", "name", "prompts/get", "name",
            "resources/read", "uri", "tasks/get", "taskId", "tasks/update", "taskId", "tasks/cancel", "taskId");

    /** Per tool, the arguments mirrored into {@code Mcp-Param-*} headers and their header names. */
    private volatile Map<String, Map<String, String>> mirrored = Map.of();

    /** Replaces the remembered declarations: per tool name, argument name to header name. */
    void remember(Map<String, Map<String, String>> declarations) {
        mirrored = declarations;
    }

    /** The routing headers of {@code message}, in the order they are sent. */
    Map<String, String> of(JsonNode message, boolean stateless) {
        Map<String, String> out = new LinkedHashMap<>();
        String method = message.path("method").asText(null);
        if (stateless && method != null) {
            out.put("Mcp-Method", method);
            String nameField = NAME_FIELD.get(method);
            JsonNode name = nameField == null ? null : message.path("params").get(nameField);
            if (name != null && name.isTextual()) {
                out.put("Mcp-Name", name.textValue());
            }
        }
        if ("tools/call".equals(method)) {
            mirror(message.path("params"), out);
        }
        return out;
    }

    /** Adds the {@code Mcp-Param-*} headers of the arguments the called tool declared with {@code x-mcp-header}. */
    private void mirror(JsonNode params, Map<String, String> out) {
        Map<String, String> declared = mirrored.get(params.path("name").asText());
        if (declared == null) {
            return;
        }
        declared.forEach((argument, header) -> {
            String value = ParamHeaders.encode(params.path("arguments").get(argument));
            if (value != null) {
                out.put("Mcp-Param-" + header, value);
            }
        });
    }
}
