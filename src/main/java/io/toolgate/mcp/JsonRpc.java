package io.toolgate.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.toolgate.json.Json;
import io.toolgate.error.McpProtocolException;

/** Builds JSON-RPC 2.0 response objects. */
public final class JsonRpc {

    private JsonRpc() {
    }

    public static ObjectNode result(JsonNode id, JsonNode result) {
        ObjectNode o = Json.object();
        o.put("jsonrpc", "2.0");
        o.set("id", id == null ? NullNode.getInstance() : id);
        o.set("result", result);
        return o;
    }

    public static ObjectNode error(JsonNode id, int code, String message) {
        return error(id, code, message, null);
    }

    /** @param data the error's {@code data}, left out when null */
    public static ObjectNode error(JsonNode id, int code, String message, JsonNode data) {
        ObjectNode o = Json.object();
        o.put("jsonrpc", "2.0");
        o.set("id", id == null ? NullNode.getInstance() : id);
        ObjectNode error = o.putObject("error").put("code", code).put("message", message);
        if (data != null) {
            error.set("data", data);
        }
        return o;
    }

    /** The error of a protocol exception, with its code, message and data. */
    public static ObjectNode error(JsonNode id, McpProtocolException e) {
        return error(id, e.rpcCode(), e.getMessage(), e.data());
    }
}
