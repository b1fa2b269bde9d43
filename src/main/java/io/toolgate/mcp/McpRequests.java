package io.toolgate.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.toolgate.json.Json;
import io.toolgate.error.McpProtocolException;

/** Reads parts of a JSON-RPC request, answering invalid params when they have the wrong shape. */
public final class McpRequests {

    private McpRequests() {
    }

    public static ObjectNode params(JsonNode message) {
        JsonNode p = message.get("params");
        if (p == null || p.isNull()) {
            return Json.object();
        }
        if (!p.isObject()) {
            throw new McpProtocolException(McpProtocolException.INVALID_PARAMS, "Invalid params: params must be an object");
        }
        return (ObjectNode) p;
    }
}
