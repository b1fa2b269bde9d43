package io.toolgate.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.toolgate.json.Json;
import io.toolgate.error.McpProtocolException;
import io.toolgate.upstream.UpstreamListener;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The caller's side of one client request while upstreams work on it. Progress and log notifications from upstreams
 * go out on the request's event stream (log messages filtered by the session's {@code logging/setLevel}, or by the
 * stateless request's {@code _meta} log level); requests from upstreams (sampling, elicitation, roots) are sent to a
 * session's client under a gateway id and its answer is handed back; the client's {@code notifications/cancelled}, or
 * closing the stream, cancels the upstream calls. Without an event stream (the client accepts only JSON)
 * notifications are dropped and relayed requests refused. A stateless client never receives requests on a response
 * stream: an upstream's request for a capability the client declared waits in the request's {@link SuspendedRequest}
 * for the client's retry (when the method allows multi-round requests); otherwise it is refused, and when it needed a
 * capability the client did not declare and the request then failed, the gateway's answer becomes {@code -32021}
 * (see {@link #missingCapability()}).
 */
public final class ClientChannel implements UpstreamListener {

    private static final Map<String, String> CAPABILITY_FOR = Map.of("sampling/createMessage", "sampling",
            "elicitation/create", "elicitation", "roots/list", "roots");
    private final ClientSession session;
    private final StatelessRequest stateless;
    private final SuspendedRequest suspended;
    private final JsonNode requestId;
    private final Consumer<JsonNode> stream;
    private final long answerTimeoutMillis;
    private final List<Runnable> cancels = new CopyOnWriteArrayList<>();
    private volatile boolean cancelled;
    private volatile String missingCapability;

    /**
     * @param session the client's session, or null for a stateless request
     * @param stream  writes a message on the request's event stream, or null when the client accepts no event stream
     */
    public ClientChannel(ClientSession session, JsonNode requestId, Consumer<JsonNode> stream, long answerTimeoutMillis) {
        this(session, null, null, requestId, stream, answerTimeoutMillis);
    }

    /**
     * The channel of a stateless request: notifications filtered by what its {@code _meta} asked for; upstream
     * requests wait in {@code suspended} for the client's input, or are refused when it is null.
     */
    public ClientChannel(StatelessRequest stateless, SuspendedRequest suspended, JsonNode requestId,
                         Consumer<JsonNode> stream, long answerTimeoutMillis) {
        this(null, stateless, suspended, requestId, stream, answerTimeoutMillis);
    }

    private ClientChannel(ClientSession session, StatelessRequest stateless, SuspendedRequest suspended, JsonNode requestId,
                          Consumer<JsonNode> stream, long answerTimeoutMillis) {
        this.session = session;
        this.stateless = stateless;
        this.suspended = suspended;
        this.requestId = requestId;
        this.stream = stream;
        this.answerTimeoutMillis = answerTimeoutMillis;
        if (session != null) {
            session.started(requestId, this);
        }
    }

    @Override
    public void notification(JsonNode message) {
        if (stream == null || cancelled) {
            return;
        }
        if ("notifications/message".equals(message.path("method").asText())) {
            String level = message.path("params").path("level").asText();
            if (session != null ? !session.logs(level) : stateless != null && !stateless.logs(level)) {
                return;
            }
        }
        stream.accept(message);
    }

    @Override
    public JsonNode request(JsonNode message) {
        String method = message.path("method").asText();
        String capability = CAPABILITY_FOR.get(method);
        if (stateless != null) {
            if (capability != null && !stateless.supports(capability)) {
                missingCapability = capability;
                return error(McpProtocolException.MISSING_CLIENT_CAPABILITY, "The client did not declare " + capability);
            }
            if (capability != null && suspended != null) {
                return suspended.ask(message, answerTimeoutMillis);
            }
            return error(McpProtocolException.METHOD_NOT_FOUND, "The gateway does not relay " + method
                    + " to a stateless client");
        }
        if (capability == null || answerable(capability) == null) {
            return error(McpProtocolException.METHOD_NOT_FOUND, "The gateway's client does not support " + method);
        }
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        String relayId = session.expect(answer);
        try {
            ObjectNode out = message.deepCopy();
            out.put("id", relayId);
            stream.accept(out);
            JsonNode response = answer.get(answerTimeoutMillis, TimeUnit.MILLISECONDS);
            ObjectNode kept = Json.object();
            if (response.has("error")) {
                kept.set("error", response.get("error"));
            } else {
                kept.set("result", response.path("result"));
            }
            return kept;
        } catch (TimeoutException e) {
            return error(McpProtocolException.INTERNAL_ERROR, "The client did not answer " + method + " within "
                    + answerTimeoutMillis + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return error(McpProtocolException.INTERNAL_ERROR, "interrupted");
        } catch (ExecutionException e) {
            return error(McpProtocolException.INTERNAL_ERROR, "The client's answer was lost");
        } finally {
            session.forget(relayId);
        }
    }

    /**
     * The capabilities an upstream's requests can be answered for: what a session's client declared when the
     * response can carry requests, what a stateless client declared when its request can wait for input, else none.
     */
    @Override
    public JsonNode clientCapabilities() {
        ObjectNode out = Json.object();
        for (String capability : CAPABILITY_FOR.values()) {
            JsonNode declared = answerable(capability);
            if (declared != null) {
                out.set(capability, declared.deepCopy());
            }
        }
        return out;
    }

    /** What the client declared for a capability this channel can get its requests answered for, or null. */
    private JsonNode answerable(String capability) {
        if (stateless != null) {
            return suspended == null ? null : stateless.clientCapabilities().get(capability);
        }
        return stream == null || session == null ? null : session.clientCapability(capability);
    }

    @Override
    public void started(Runnable cancel) {
        cancels.add(cancel);
        if (cancelled) {
            cancel.run();
        }
    }

    /**
     * The client capability an upstream asked for during this request that the stateless client did not declare, or
     * null.
     */
    public String missingCapability() {
        return missingCapability;
    }

    /** Cancels every upstream call made for this request. */
    public void cancel() {
        cancelled = true;
        cancels.forEach(Runnable::run);
    }

    /** The request is answered: later cancellations and stream messages are ignored. */
    public void close() {
        cancels.clear();
        if (session != null) {
            session.finished(requestId, this);
        }
    }

    private static ObjectNode error(int code, String message) {
        ObjectNode out = Json.object();
        out.putObject("error").put("code", code).put("message", message);
        return out;
    }
}
