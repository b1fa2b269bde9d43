package io.toolgate.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.toolgate.json.Json;
import io.toolgate.error.McpProtocolException;
import io.vertx.ext.web.RoutingContext;

/**
 * The stateless era of {@code /mcp}, decided per request ({@link StatelessRequest#applies}): its headers and
 * {@code _meta} are checked (errors answer HTTP 400, removed methods 404), {@code subscriptions/listen} opens a
 * notification stream, {@code tools/call}, {@code prompts/get} and {@code resources/read} may take several rounds,
 * anything else is dispatched like a session's request and its result shaped for the era. Notifications need nothing
 * from the gateway here. Requests of the sessions era go on to the next handler.
 */
final class StatelessEraHandler {

    private final RouteDispatcher dispatcher;
    private final MultiRoundRequests multiRound;
    private final ListenStreams listen;
    private final long relayTimeoutMillis;

    StatelessEraHandler(RouteDispatcher dispatcher, MultiRoundRequests multiRound, ListenStreams listen,
                        long relayTimeoutMillis) {
        this.dispatcher = dispatcher;
        this.multiRound = multiRound;
        this.listen = listen;
        this.relayTimeoutMillis = relayTimeoutMillis;
    }

    void post(RoutingContext ctx) {
        IncomingMessage in = IncomingMessage.of(ctx);
        if (in.isResponse() || !StatelessRequest.applies(in.sessionId(), in.version(), in.method(), in.message())) {
            ctx.next();
            return;
        }
        if (in.id() == null) {
            ctx.response().setStatusCode(202).end();
            return;
        }
        StatelessRequest request;
        try {
            request = StatelessRequest.read(in.headers(), in.method(), in.message());
        } catch (StatelessRequest.Rejected rejected) {
            ResponseWriter.writeJson(ctx, rejected.status(), JsonRpc.error(in.id(), rejected), null);
            return;
        }
        if ("subscriptions/listen".equals(in.method())) {
            listen.open(ctx, in, request);
        } else if (MultiRoundRequests.METHODS.contains(in.method())) {
            multiRound.start(ctx, in, request);
        } else {
            ResponseStream response = new ResponseStream(ctx);
            ClientChannel channel = new ClientChannel(request, null, in.id(),
                    response.streaming() ? response::event : null, relayTimeoutMillis);
            ctx.response().closeHandler(v -> channel.cancel());
            dispatcher.dispatch(in, BearerAuthentication.user(ctx), null, request, channel, e -> {
                JsonNode body = StatelessRequest.shape(in.method(),
                        answer(in.id(), channel, e.getMessage().getBody(JsonNode.class)));
                response.finish(StatelessRequest.status(body), body, null);
            }, body -> response.finish(500, body, null));
        }
    }

    /**
     * A stateless request's answer: when an upstream asked for a capability the client did not declare and the
     * request then failed, the error says which capability was missing ({@code -32021}).
     */
    static JsonNode answer(JsonNode id, ClientChannel channel, JsonNode body) {
        String missing = channel.missingCapability();
        if (missing == null || !failed(body)) {
            return body;
        }
        ObjectNode data = Json.object();
        data.putObject("requiredCapabilities").putObject(missing);
        return JsonRpc.error(id, McpProtocolException.MISSING_CLIENT_CAPABILITY,
                "Missing required client capability: " + missing, data);
    }

    private static boolean failed(JsonNode body) {
        return body == null || body.has("error") || body.path("result").path("isError").asBoolean(false);
    }
}
