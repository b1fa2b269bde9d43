package io.toolgate.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import io.toolgate.json.Json;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Reads the JSON-RPC response to one request from an upstream's HTTP body as it arrives: a JSON body is parsed when it
 * ends; an event stream ({@code text/event-stream}) is parsed event by event until the response carrying the request's
 * id, and then read to its end without parsing (closed after {@value #LINGER_MILLIS} ms if the upstream holds it). The caller waits on {@link #reply()} with its own deadline and {@link #cancel() cancels} when
 * it passes, which closes the connection, so a stalled body never holds a caller beyond the upstream timeout. A JSON
 * body, or one event of a stream, larger than the limit fails the read the same way. Every other message of the stream
 * (notifications, requests from the upstream) goes to {@code others} as it arrives, on the HTTP client's thread.
 * The stream's last event id and {@code retry} delay are kept, so a stream that ends before the response can be
 * resumed ({@link #resumable()}).
 */
final class ReplyReader implements Flow.Subscriber<List<ByteBuffer>> {

    /**
     * How long an event stream may stay open after it carried the response: the upstream normally ends it at once, and
     * reading it to its end lets the connection serve the next request; one held open longer is closed.
     */
    static final long LINGER_MILLIS = 1_000;

    private final boolean eventStream;
    private final long requestId;
    private final long maxBytes;
    private final Consumer<JsonNode> others;
    private final CompletableFuture<JsonNode> reply = new CompletableFuture<>();
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final SseParser events;
    private volatile Flow.Subscription subscription;
    private volatile boolean endedEarly;
    private volatile boolean ended;

    ReplyReader(boolean eventStream, long requestId, long maxBytes, Consumer<JsonNode> others) {
        this.eventStream = eventStream;
        this.others = others;
        this.requestId = requestId;
        this.maxBytes = maxBytes;
        this.events = new SseParser(maxBytes, (type, data) -> event(data));
    }

    CompletableFuture<JsonNode> reply() {
        return reply;
    }

    long requestId() {
        return requestId;
    }

    /** True when the event stream ended before the response, after an event with an id to resume from. */
    boolean resumable() {
        return endedEarly && events.lastEventId() != null;
    }

    String lastEventId() {
        return events.lastEventId();
    }

    /** The reconnection delay the stream asked for, or {@code otherwise}. */
    long retryMillis(long otherwise) {
        return events.retryMillis() >= 0 ? events.retryMillis() : otherwise;
    }

    /** Continues where {@code previous} ended: its last event id and retry delay hold until this stream sends its own. */
    ReplyReader after(ReplyReader previous) {
        events.continueFrom(previous.events);
        return this;
    }

    /** Fails the wait for the reply with {@code cause} and closes the connection. */
    void abort(Throwable cause) {
        reply.completeExceptionally(cause);
        cancel();
    }

    void cancel() {
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> chunks) {
        if (reply.isDone()) {
            return;
        }
        try {
            for (ByteBuffer chunk : chunks) {
                if (eventStream) {
                    events.feed(chunk);
                } else {
                    byte[] bytes = new byte[chunk.remaining()];
                    chunk.get(bytes);
                    buffer.writeBytes(bytes);
                    checkSize(buffer.size());
                }
            }
        } catch (IOException | RuntimeException e) {
            reply.completeExceptionally(e);
        }
        if (reply.isCompletedExceptionally()) {
            cancel();
        } else if (reply.isDone()) {
            CompletableFuture.delayedExecutor(LINGER_MILLIS, TimeUnit.MILLISECONDS, Runnable::run).execute(() -> {
                if (!ended) {
                    cancel();
                }
            });
        }
    }

    @Override
    public void onError(Throwable error) {
        ended = true;
        reply.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
        ended = true;
        if (reply.isDone()) {
            return;
        }
        if (eventStream) {
            endedEarly = true;
            reply.completeExceptionally(new IOException("event stream ended without a response"));
            return;
        }
        try {
            reply.complete(Json.MAPPER.readTree(buffer.toByteArray()));
        } catch (IOException e) {
            reply.completeExceptionally(e);
        }
    }

    private void checkSize(long size) throws IOException {
        if (size > maxBytes) {
            throw new IOException("response exceeds " + maxBytes + " bytes");
        }
    }

    /** One event of the stream: the response completes the reply; other messages go on, until then. */
    private void event(String data) throws IOException {
        if (reply.isDone()) {
            return;
        }
        JsonNode msg = Json.MAPPER.readTree(data);
        if (msg.path("id").asLong(Long.MIN_VALUE) == requestId && (msg.has("result") || msg.has("error"))) {
            reply.complete(msg);
        } else if (msg.isObject() && msg.has("method")) {
            others.accept(msg);
        }
    }
}
