package io.toolgate.json;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.toolgate.json.Json;

/** Builds {@code CallToolResult} objects made by the gateway itself. */
public final class ToolResults {

    private ToolResults() {
    }

    public static ObjectNode text(String text, boolean isError) {
        ObjectNode result = Json.object();
        result.putArray("content").addObject().put("type", "text").put("text", text);
        result.put("isError", isError);
        return result;
    }

    public static ObjectNode json(Object value) {
        return text(Json.write(value), false);
    }
}
