package io.toolgate.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.RoutingContext;

import java.util.Map;

/**
 * One JSON-RPC message POSTed to {@code /mcp}, as {@link JsonRpcReader} read it.
 *
 * @param method    null for a client's response to a request of the gateway
 * @param id        null for a notification
 * @param headers   the HTTP request headers, names lower-cased, repeated ones joined with {@code ", "}
 * @param sessionId the {@code Mcp-Session-Id} header, or null
 * @param version   the {@code MCP-Protocol-Version} header, or null
 */
record IncomingMessage(ObjectNode message, String method, JsonNode id, Map<String, String> headers, String sessionId,
                       String version) {

    private static final String KEY = "toolgate.message";

    static IncomingMessage of(RoutingContext ctx) {
        return ctx.get(KEY);
    }

    void keepIn(RoutingContext ctx) {
        ctx.put(KEY, this);
    }

    boolean isResponse() {
        return method == null;
    }
}
