package io.toolgate.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.toolgate.error.McpProtocolException;
import io.vertx.core.Context;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code subscriptions/listen}: an event stream whose first event acknowledges what it will carry; list changes and
 * resource updates the client opted in to follow, tagged with the listen request's id, until the client closes it.
 * The route {@code mcp-subscriptions-listen} subscribes the resources it names upstream before the stream opens.
 */
final class ListenStreams {

    private final ClientSessions sessions;
    private final RouteDispatcher dispatcher;
    private final ObjectNode capabilities;
    private final long relayTimeoutMillis;

    /** @param capabilities the gateway's, so a kind of notification it never sends is not acknowledged */
    ListenStreams(ClientSessions sessions, RouteDispatcher dispatcher, ObjectNode capabilities, long relayTimeoutMillis) {
        this.sessions = sessions;
        this.dispatcher = dispatcher;
        this.capabilities = capabilities;
        this.relayTimeoutMillis = relayTimeoutMillis;
    }

    void open(RoutingContext ctx, IncomingMessage in, StatelessRequest request) {
        JsonNode id = in.id();
        if (!ResponseWriter.acceptsEventStream(ctx.request().getHeader("Accept"))) {
            ResponseWriter.writeJson(ctx, 406, JsonRpc.error(id, McpProtocolException.INVALID_REQUEST,
                    "Not Acceptable: Accept must allow text/event-stream"), null);
            return;
        }
        HttpServerResponse res = ctx.response();
        Context context = ctx.vertx().getOrCreateContext();
        ListenStream stream;
        try {
            stream = new ListenStream(id, McpRequests.params(in.message()), capabilities, event ->
                    context.runOnContext(v -> {
                        if (!res.ended() && !res.closed()) {
                            res.write(ResponseWriter.sse(event));
                        }
                    }));
        } catch (McpProtocolException invalid) {
            ResponseWriter.writeJson(ctx, 400, JsonRpc.error(id, invalid), null);
            return;
        }
        ClientChannel channel = new ClientChannel(request, null, id, null, relayTimeoutMillis);
        dispatcher.dispatch(in, BearerAuthentication.user(ctx), null, request, channel, e -> context.runOnContext(v -> {
            JsonNode answer = e.getMessage().getBody(JsonNode.class);
            if (res.closed()) {
                return;
            }
            if (answer == null || answer.has("error")) {
                ResponseWriter.writeJson(ctx, 400, answer, null);
                return;
            }
            ResponseWriter.openEventStream(res).write(ResponseWriter.sse(stream.acknowledgement()));
            sessions.listen(stream);
            res.closeHandler(c -> sessions.unlisten(stream));
        }), body -> context.runOnContext(v -> ResponseWriter.writeJson(ctx, 400, body, null)));
    }
}
