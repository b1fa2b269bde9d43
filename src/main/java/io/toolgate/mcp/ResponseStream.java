package io.toolgate.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.toolgate.error.McpProtocolException;
import io.vertx.core.Context;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * The answer to one POST: plain JSON, unless something must go to the client before the response (a progress or log
 * notification, a relayed request) and the client accepts an event stream; then the response switches to
 * {@code text/event-stream} and the JSON-RPC response is its last event. Writes happen on the request's Vert.x context,
 * in the order they were asked for.
 */
final class ResponseStream {

    private final RoutingContext ctx;
    private final Context context;
    private final boolean streaming;
    private boolean open;

    ResponseStream(RoutingContext ctx) {
        this.ctx = ctx;
        this.context = ctx.vertx().getOrCreateContext();
        this.streaming = ResponseWriter.acceptsEventStream(ctx.request().getHeader("Accept"));
    }

    /** Whether the client accepts an event stream, so messages can reach it before the response. */
    boolean streaming() {
        return streaming;
    }

    /** Sends {@code message} ahead of the response, switching the answer to an event stream. */
    void event(JsonNode message) {
        context.runOnContext(v -> {
            HttpServerResponse res = ctx.response();
            if (res.ended() || res.closed()) {
                return;
            }
            if (!open) {
                open = true;
                ResponseWriter.openEventStream(res);
            }
            res.write(ResponseWriter.sse(message));
        });
    }

    /** Ends the answer with the JSON-RPC response; {@code status} and the new session's id apply to a JSON answer. */
    void finish(int status, JsonNode body, String newSessionId) {
        context.runOnContext(v -> {
            if (!open) {
                ResponseWriter.writeJson(ctx, status, body, newSessionId);
            } else if (!ctx.response().ended() && !ctx.response().closed()) {
                ctx.response().end(ResponseWriter.sse(body == null
                        ? JsonRpc.error(null, McpProtocolException.INTERNAL_ERROR, "Internal error") : body));
            }
        });
    }
}
