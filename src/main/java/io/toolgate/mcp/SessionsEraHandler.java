package io.toolgate.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.toolgate.error.McpProtocolException;
import io.toolgate.exchange.McpHeaders;
import io.toolgate.hooks.GatewayUser;
import io.vertx.core.Context;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Consumer;

/**
 * The sessions era of {@code /mcp}: {@code initialize} opens a session, every later message names it with
 * {@code Mcp-Session-Id}; {@code GET} opens the session's standalone event stream and {@code DELETE} ends it.
 * Requests go to {@code mcp-dispatch}; notifications and the client's answers to relayed requests get 202. An
 * {@code initialize} refused because every session is busy at the cap gets 503.
 */
final class SessionsEraHandler {

    private static final Logger LOG = LoggerFactory.getLogger(SessionsEraHandler.class);

    private final ClientSessions sessions;
    private final RouteDispatcher dispatcher;
    private final long relayTimeoutMillis;

    SessionsEraHandler(ClientSessions sessions, RouteDispatcher dispatcher, long relayTimeoutMillis) {
        this.sessions = sessions;
        this.dispatcher = dispatcher;
        this.relayTimeoutMillis = relayTimeoutMillis;
    }

    void post(RoutingContext ctx) {
        IncomingMessage in = IncomingMessage.of(ctx);
        if (in.isResponse()) {
            answered(ctx, in);
            return;
        }
        String version = in.version();
        if (version != null && !McpProtocol.SUPPORTED.contains(version)) {
            reject(ctx, 400, "Bad Request: Unsupported protocol version " + version);
            return;
        }
        ClientSession session = null;
        if (!"initialize".equals(in.method())) {
            session = session(ctx, in.sessionId());
            if (session == null) {
                return;
            }
        } else if (in.id() == null) {
            reject(ctx, 400, "Invalid Request: initialize must be a request");
            return;
        }
        if (in.id() == null) {
            if ("notifications/cancelled".equals(in.method())) {
                session.cancel(in.message().path("params").get("requestId"));
            }
            ctx.response().setStatusCode(202).end();
            return;
        }
        ResponseStream response = new ResponseStream(ctx);
        ClientChannel channel = new ClientChannel(session, in.id(), response.streaming() ? response::event : null,
                relayTimeoutMillis);
        ctx.response().closeHandler(v -> channel.cancel());
        boolean initialize = "initialize".equals(in.method());
        dispatcher.dispatch(in, BearerAuthentication.user(ctx), in.sessionId(), null, channel, e -> {
            JsonNode answer = e.getMessage().getBody(JsonNode.class);
            response.finish(initialize && busy(answer) ? 503 : 200, answer,
                    e.getMessage().getHeader(McpHeaders.NEW_SESSION_ID, String.class));
        }, body -> response.finish(500, body, null));
    }

    /** True for the error of an {@code initialize} refused because every session is busy: answered with 503. */
    private static boolean busy(JsonNode answer) {
        return answer != null && answer.at("/error/code").asInt() == McpProtocolException.SERVER_BUSY;
    }

    /** The client's answer to a request the gateway relayed to it (sampling, elicitation, roots). */
    private void answered(RoutingContext ctx, IncomingMessage in) {
        ClientSession session = owned(ctx, in.sessionId());
        if (session == null) {
            ResponseWriter.reject(ctx, 404, -32001, "Session not found");
            return;
        }
        if (!session.answered(in.message())) {
            LOG.debug("Client answered request {} that nothing waits for", in.id());
        }
        ctx.response().setStatusCode(202).end();
    }

    /**
     * The session's standalone event stream: list-changed and resource-updated notifications reach the client here.
     * One per session; a second gets 409.
     */
    void get(RoutingContext ctx) {
        if (!ResponseWriter.acceptsEventStream(ctx.request().getHeader("Accept"))) {
            reject(ctx, 406, "Not Acceptable: Accept must allow text/event-stream");
            return;
        }
        ClientSession session = session(ctx, ctx.request().getHeader(ResponseWriter.SESSION_HEADER));
        if (session == null) {
            return;
        }
        Context context = ctx.vertx().getOrCreateContext();
        HttpServerResponse res = ctx.response();
        Consumer<JsonNode> writer = message -> context.runOnContext(v -> {
            if (!res.ended() && !res.closed()) {
                res.write(ResponseWriter.sse(message));
            }
        });
        if (!session.attach(writer)) {
            reject(ctx, 409, "Conflict: this session already has an event stream");
            return;
        }
        res.closeHandler(v -> session.detach(writer));
        ResponseWriter.openEventStream(res).write(": toolgate event stream\n\n");
    }

    void delete(RoutingContext ctx) {
        String sessionId = ctx.request().getHeader(ResponseWriter.SESSION_HEADER);
        if (sessionId == null) {
            reject(ctx, 400, "Bad Request: Mcp-Session-Id header is required");
        } else if (owned(ctx, sessionId) != null && sessions.remove(sessionId)) {
            ctx.response().setStatusCode(204).end();
        } else {
            ResponseWriter.reject(ctx, 404, -32001, "Session not found");
        }
    }

    /**
     * The caller's session {@code sessionId} names, or null after answering 400 (no id) or 404 (unknown, ended, or
     * another caller's).
     */
    private ClientSession session(RoutingContext ctx, String sessionId) {
        if (sessionId == null) {
            reject(ctx, 400, "Bad Request: Mcp-Session-Id header is required");
            return null;
        }
        ClientSession session = owned(ctx, sessionId);
        if (session == null) {
            ResponseWriter.reject(ctx, 404, -32001, "Session not found");
        }
        return session;
    }

    /**
     * The session {@code sessionId} names if the caller opened it (the same authenticated subject, or anonymous for
     * an anonymous session), else null: another caller cannot tell it from an unknown session.
     */
    private ClientSession owned(RoutingContext ctx, String sessionId) {
        GatewayUser user = BearerAuthentication.user(ctx);
        return sessions.find(sessionId, user == null ? null : user.subject());
    }

    private static void reject(RoutingContext ctx, int status, String message) {
        ResponseWriter.reject(ctx, status, McpProtocolException.INVALID_REQUEST, message);
    }
}
