package io.toolgate.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.toolgate.error.McpProtocolException;
import io.toolgate.json.Json;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

import java.util.Locale;

/** Writes what {@code /mcp} answers: a JSON-RPC body as JSON, an HTTP-level refusal, or one server-sent event. */
final class ResponseWriter {

    static final String SESSION_HEADER = "Mcp-Session-Id";

    private ResponseWriter() {
    }

    /** Answers {@code status} with a JSON-RPC error without id: the request was refused before it was read. */
    static void reject(RoutingContext ctx, int status, int code, String message) {
        writeJson(ctx, status, JsonRpc.error(null, code, message), null);
    }

    /** Ends the response with {@code body} as JSON (an internal error when null), and the new session's id if any. */
    static void writeJson(RoutingContext ctx, int status, JsonNode body, String sessionId) {
        HttpServerResponse res = ctx.response();
        if (res.ended()) {
            return;
        }
        res.setStatusCode(status).putHeader("Content-Type", "application/json");
        if (sessionId != null) {
            res.putHeader(SESSION_HEADER, sessionId);
        }
        res.end(Json.write(body == null ? JsonRpc.error(null, McpProtocolException.INTERNAL_ERROR, "Internal error") : body));
    }

    /** Starts a {@code text/event-stream} answer; events follow with {@link #sse}. */
    static HttpServerResponse openEventStream(HttpServerResponse res) {
        return res.setStatusCode(200).setChunked(true).putHeader("Content-Type", "text/event-stream")
                .putHeader("Cache-Control", "no-cache");
    }

    /** One JSON-RPC message as a server-sent event. */
    static String sse(JsonNode message) {
        return "event: message\ndata: " + Json.write(message) + "\n\n";
    }

    static boolean acceptsEventStream(String accept) {
        return accept != null && accept.toLowerCase(Locale.ROOT).contains("text/event-stream");
    }
}
