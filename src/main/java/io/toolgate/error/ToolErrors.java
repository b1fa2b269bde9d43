package io.toolgate.error;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.toolgate.json.Json;
import io.toolgate.json.ToolResults;

/**
 * The one place where a {@link GatewayException} becomes what the caller sees: an MCP tool result with
 * {@code isError: true} whose text is {@code {"error","code","details"}} (keys in that order, details null when absent).
 */
public final class ToolErrors {

    private ToolErrors() {
    }

    public static String body(GatewayException e) {
        return body(e.getMessage(), e.code(), e.details());
    }

    public static String body(String message, String code, ObjectNode details) {
        ObjectNode o = Json.object();
        o.put("error", message);
        o.put("code", code);
        o.set("details", details);
        return Json.write(o);
    }

    public static ObjectNode toolResult(GatewayException e) {
        return ToolResults.text(body(e), true);
    }
}
