package io.toolgate.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.toolgate.error.McpProtocolException;
import io.toolgate.json.Json;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Handler of {@code POST /mcp} that reads one JSON-RPC 2.0 message: JSON content type, an {@code Accept} that allows
 * JSON, a parseable body, one object (no batches) with a textual method and a string or integer id, or a response
 * (id with result or error). Anything else answers 400, 406 or 415 here; what passes goes on as an
 * {@link IncomingMessage}.
 */
final class JsonRpcReader implements Handler<RoutingContext> {

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        String contentType = req.getHeader("Content-Type");
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            reject(ctx, 415, "Unsupported Media Type: Content-Type must be application/json");
            return;
        }
        if (!acceptsJson(req.getHeader("Accept"))) {
            reject(ctx, 406, "Not Acceptable: Accept must allow application/json");
            return;
        }
        JsonNode message;
        try {
            message = Json.MAPPER.readTree(ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes());
        } catch (Exception e) {
            ResponseWriter.reject(ctx, 400, McpProtocolException.PARSE_ERROR, "Parse error");
            return;
        }
        if (message == null || message.isMissingNode()) {
            ResponseWriter.reject(ctx, 400, McpProtocolException.PARSE_ERROR, "Parse error: empty body");
            return;
        }
        if (message.isArray()) {
            reject(ctx, 400, "Invalid Request: batches are not supported");
            return;
        }
        if (!message.isObject() || !"2.0".equals(message.path("jsonrpc").asText(null))) {
            reject(ctx, 400, "Invalid Request: not a JSON-RPC 2.0 message");
            return;
        }
        JsonNode methodNode = message.get("method");
        JsonNode id = message.get("id");
        if (methodNode == null) {
            if (id == null || !(message.has("result") || message.has("error"))) {
                reject(ctx, 400, "Invalid Request: no method");
                return;
            }
        } else if (!methodNode.isTextual() || (id != null && !(id.isTextual() || id.isIntegralNumber()))) {
            reject(ctx, 400, "Invalid Request: bad method or id");
            return;
        }
        new IncomingMessage((ObjectNode) message, methodNode == null ? null : methodNode.textValue(), id,
                headers(req), req.getHeader(ResponseWriter.SESSION_HEADER), req.getHeader("MCP-Protocol-Version"))
                .keepIn(ctx);
        ctx.next();
    }

    static boolean acceptsJson(String accept) {
        if (accept == null) {
            return true;
        }
        String a = accept.toLowerCase(Locale.ROOT);
        return a.contains("application/json") || a.contains("*/*") || a.contains("application/*");
    }

    /** The request's headers by lower-cased name (repeated ones joined with {@code ", "}). */
    static Map<String, String> headers(HttpServerRequest req) {
        Map<String, String> out = new HashMap<>();
        req.headers().forEach(h -> out.merge(h.getKey().toLowerCase(Locale.ROOT), h.getValue(), (a, b) -> a + ", " + b));
        return out;
    }

    private static void reject(RoutingContext ctx, int status, String message) {
        ResponseWriter.reject(ctx, status, McpProtocolException.INVALID_REQUEST, message);
    }
}
