package io.toolgate.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.toolgate.json.Json;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * A transport that answers from a function and records what was sent, so that the session and era logic above
 * {@link McpTransport} can be tested without HTTP.
 */
final class FakeTransport implements McpTransport {

    record Sent(ObjectNode message, Envelope envelope) {
        String method() {
            return message.path("method").asText(null);
        }
    }

    /** What the upstream answers to a message; it may first send messages of its own to {@code inbound}. */
    interface Upstream {
        Reply answer(ObjectNode message, Envelope envelope, Consumer<JsonNode> inbound, InFlightCall call);
    }

    /** What the upstream does when a stream is opened. */
    interface Streams {
        int open(ObjectNode subscription, Envelope envelope, Consumer<JsonNode> inbound, Runnable opened);
    }

    final List<Sent> sent = new CopyOnWriteArrayList<>();
    final List<Sent> streams = new CopyOnWriteArrayList<>();
    final List<String> endedSessions = new CopyOnWriteArrayList<>();
    private final Upstream upstream;
    private final Streams streamed;
    volatile boolean closed;

    FakeTransport(BiFunction<ObjectNode, Envelope, Reply> upstream) {
        this((message, envelope, inbound, call) -> upstream.apply(message, envelope));
    }

    FakeTransport(Upstream upstream) {
        this(upstream, (subscription, envelope, inbound, opened) -> 405);
    }

    FakeTransport(Upstream upstream, Streams streamed) {
        this.upstream = upstream;
        this.streamed = streamed;
    }

    @Override
    public Reply send(ObjectNode message, Envelope envelope, Consumer<JsonNode> inbound, InFlightCall call) {
        sent.add(new Sent(message, envelope));
        return upstream.answer(message, envelope, inbound, call);
    }

    @Override
    public int stream(ObjectNode subscription, Envelope envelope, Consumer<JsonNode> inbound, Runnable opened) {
        streams.add(new Sent(subscription, envelope));
        return streamed.open(subscription, envelope, inbound, opened);
    }

    @Override
    public void endSession(String sessionId) {
        endedSessions.add(sessionId);
    }

    @Override
    public void close() {
        closed = true;
    }

    List<String> methods() {
        return sent.stream().map(Sent::method).toList();
    }

    /** The upstream's result for {@code request}, in session {@code sessionId} (null for none). */
    static Reply result(ObjectNode request, String sessionId, String resultJson) {
        ObjectNode response = Json.object().put("jsonrpc", "2.0");
        response.set("id", request.get("id"));
        response.set("result", Json.parse(resultJson));
        return new Reply(200, sessionId, response);
    }

    /** The upstream's JSON-RPC error for {@code request}, in a 200 answer. */
    static Reply error(ObjectNode request, int code, String message, String dataJson) {
        ObjectNode response = Json.object().put("jsonrpc", "2.0");
        response.set("id", request.get("id"));
        ObjectNode error = response.putObject("error").put("code", code).put("message", message);
        if (dataJson != null) {
            error.set("data", Json.parse(dataJson));
        }
        return new Reply(200, null, response);
    }

    /** A notification or response taken, or a request answered with nothing but {@code status}. */
    static Reply status(int status, String sessionId) {
        return new Reply(status, sessionId, null);
    }
}
