package io.toolgate.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.toolgate.Json;

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
        ObjectNode o = Json.object();
        o.put("jsonrpc", "2.0");
        o.set("id", id == null ? NullNode.getInstance() : id);
        o.putObject("error").put("code", code).put("message", message);
        return o;
    }
}
