package io.toolgate.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.toolgate.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Sends JSON-RPC messages in an upstream session over the transport and routes what the upstream sends back:
 * notifications about the upstream as a whole to {@code events}, other notifications to the caller, and requests
 * answered through the caller ({@link InputRounds#answer}) on the relay. Requests are framed for the session's era: in
 * a stateless session their {@code _meta} carries the protocol version, the caller's capabilities and the client's
 * name.
 */
final class UpstreamChannel {

    /** Notifications about the upstream as a whole, wherever they arrive. */
    static final Set<String> EVENTS = Set.of("notifications/tools/list_changed",
            "notifications/prompts/list_changed", "notifications/resources/list_changed", "notifications/resources/updated");
    private static final String META_VERSION = "io.modelcontextprotocol/protocolVersion";
    private static final String META_CAPABILITIES = "io.modelcontextprotocol/clientCapabilities";
    private static final String META_CLIENT_INFO = "io.modelcontextprotocol/clientInfo";
    private static final Logger LOG = LoggerFactory.getLogger(UpstreamChannel.class);

    private final String domain;
    private final McpTransport transport;
    private final RoutingHeaders routing;
    private final InputRounds inputs;
    private final String clientVersion;
    private final Executor relay;
    private final Consumer<JsonNode> events;
    private final AtomicLong ids = new AtomicLong();

    /**
     * @param relay  runs the answers to requests the upstream sends (they may wait for the caller)
     * @param events receives the upstream's list-changed and resource-updated notifications, from any stream
     */
    UpstreamChannel(String domain, McpTransport transport, RoutingHeaders routing, InputRounds inputs,
                    String clientVersion, Executor relay, Consumer<JsonNode> events) {
        this.domain = domain;
        this.transport = transport;
        this.routing = routing;
        this.inputs = inputs;
        this.clientVersion = clientVersion;
        this.relay = relay;
        this.events = events;
    }

    /** {@link #rpc(String, JsonNode, UpstreamSession, JsonNode)} for a request no caller answers questions for. */
    ObjectNode rpc(String method, JsonNode params, UpstreamSession session) {
        return rpc(method, params, session, Json.object());
    }

    /**
     * A request; in a stateless session its {@code _meta} carries the protocol version, the capabilities of the
     * caller the gateway can relay the upstream's questions to, and the client's name.
     */
    ObjectNode rpc(String method, JsonNode params, UpstreamSession session, JsonNode capabilities) {
        ObjectNode msg = Json.object();
        msg.put("jsonrpc", "2.0");
        msg.put("id", ids.incrementAndGet());
        msg.put("method", method);
        if (session.stateless()) {
            ObjectNode stamped = params != null && params.isObject() ? ((ObjectNode) params).deepCopy() : Json.object();
            ObjectNode meta = stamped.path("_meta").isObject() ? (ObjectNode) stamped.get("_meta") : stamped.putObject("_meta");
            meta.put(META_VERSION, session.protocolVersion());
            meta.set(META_CAPABILITIES, capabilities);
            meta.putObject(META_CLIENT_INFO).put("name", "toolgate").put("version", clientVersion);
            msg.set("params", stamped);
        } else {
            msg.set("params", params);
        }
        return msg;
    }

    static ObjectNode notification(String method) {
        ObjectNode msg = Json.object();
        msg.put("jsonrpc", "2.0");
        msg.put("method", method);
        return msg;
    }

    /**
     * Sends a message in the session. A request with a caller ({@code listener} not null) is in flight for it until
     * answered: the caller can cancel it, and what the upstream sends on its stream reaches the caller.
     */
    McpTransport.Reply send(ObjectNode message, UpstreamSession session, Map<String, String> headers,
                            UpstreamListener listener) {
        if (listener == null) {
            return post(message, session, headers, null, null);
        }
        long id = message.get("id").asLong();
        InFlightCall call = session.calls().begin(listener, () -> tellCancelled(id, session, headers));
        try {
            return post(message, session, headers, listener, call);
        } finally {
            session.calls().end(call, listener);
        }
    }

    private McpTransport.Reply post(ObjectNode message, UpstreamSession session, Map<String, String> headers,
                                    UpstreamListener listener, InFlightCall call) {
        return transport.send(message, envelope(message, session, headers),
                m -> onMessage(m, session, headers, listener), call);
    }

    /**
     * What travels with {@code message} in the session: its id and version, the caller's headers, the routing headers
     * (none without a message).
     */
    McpTransport.Envelope envelope(JsonNode message, UpstreamSession session, Map<String, String> headers) {
        return new McpTransport.Envelope(session.id(), session.protocolVersion(), headers,
                message == null ? Map.of() : routing.of(message, session.stateless()), !session.stateless());
    }

    /** Tells a sessions-era upstream a request was cancelled; a stateless one only sees the connection close. */
    private void tellCancelled(long requestId, UpstreamSession session, Map<String, String> headers) {
        if (session.stateless()) {
            return;
        }
        ObjectNode note = notification("notifications/cancelled");
        note.putObject("params").put("requestId", requestId).put("reason", "cancelled by the gateway's caller");
        relay.execute(() -> {
            try {
                post(note, session, headers, null, null);
            } catch (RuntimeException e) {
                LOG.debug("Upstream '{}' did not take notifications/cancelled: {}", domain, e.getMessage());
            }
        });
    }

    /** Passes a notification about the upstream as a whole on, as if the upstream had sent it. */
    void announce(ObjectNode notification) {
        events.accept(notification);
    }

    /** Notifications about the upstream itself go to {@code events}; the rest belongs to the request being answered. */
    void onMessage(JsonNode message, UpstreamSession session, Map<String, String> headers, UpstreamListener listener) {
        String method = message.path("method").asText();
        if (message.has("id")) {
            relay.execute(() -> answer(message, session, headers, listener));
        } else if (EVENTS.contains(method)) {
            events.accept(message);
        } else if (listener != null) {
            listener.notification(message);
        }
    }

    private void answer(JsonNode request, UpstreamSession session, Map<String, String> headers,
                        UpstreamListener listener) {
        ObjectNode response = inputs.answer(request, listener);
        try {
            post(response, session, headers, null, null);
        } catch (RuntimeException e) {
            LOG.warn("Upstream '{}' did not take the answer to {}: {}", domain, request.path("method").asText(), e.getMessage());
        }
    }

    /** The result of a request's reply, or the failure the reply stands for. */
    static JsonNode resultOf(McpTransport.Reply reply, String method) {
        JsonNode error = reply.message() == null ? null : reply.message().get("error");
        if (error != null && error.isObject() && reply.status() >= 300) {
            throw UpstreamException.httpError(method + " answered HTTP " + reply.status() + ": "
                    + error.path("message").asText("error"), reply.status(), error.path("code").asInt(), error.get("data"));
        }
        if (error != null && error.isObject()) {
            throw UpstreamException.rpcError(error.path("code").asInt(), error.path("message").asText("error"),
                    error.get("data"));
        }
        if (reply.status() >= 300 || reply.message() == null) {
            throw UpstreamException.httpStatus(method + " answered HTTP " + reply.status(), reply.status());
        }
        JsonNode result = reply.message().get("result");
        if (result == null || !result.isObject()) {
            throw new UpstreamException(method + " answered without a result object");
        }
        return result;
    }
}
