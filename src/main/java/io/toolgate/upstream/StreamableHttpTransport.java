package io.toolgate.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.toolgate.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * MCP's Streamable HTTP transport on {@code java.net.http}: each message is a POST whose answer is a JSON body or an
 * event stream, read by a {@link ReplyReader} under a hard deadline that also bounds streamed bodies; the session id
 * travels in {@code Mcp-Session-Id}, the standalone stream is a GET, and a session ends with DELETE.
 * Requests use the blocking {@code send}: its asynchronous variant completes on the common pool, which on a
 * two-core machine means a new thread per call. The event stream, one per transport, is opened asynchronously so that
 * closing can end the wait for its headers.
 */
final class StreamableHttpTransport implements McpTransport {

    private static final Logger LOG = LoggerFactory.getLogger(StreamableHttpTransport.class);
    /**
     * Messages sent again, once, when the connection closed before any response (typically a pooled keep-alive
     * connection the upstream had just closed). They change nothing upstream; a {@code tools/call} is never resent.
     */
    private static final Set<String> SAFE_TO_RESEND = Set.of("initialize", "notifications/initialized", "tools/list",
            "ping", "server/discover");
    /** Headers the transport sets itself, or the HTTP client refuses: a configured value for them is not sent. */
    static final Set<String> RESTRICTED = Set.of("host", "connection", "content-length", "expect", "upgrade",
            "content-type", "accept", "mcp-session-id", "mcp-protocol-version", "transfer-encoding", "te", "keep-alive");
    private static final int MAX_RESUMES = 5;
    /** How long to wait before resuming a response stream whose upstream named no {@code retry}. */
    private static final long DEFAULT_RETRY_MILLIS = 1_000;

    private final String domain;
    private final URI url;
    private final HttpClient http;
    private final long timeoutMillis;
    private final long maxResponseBytes;
    private volatile ReplyReader streamReader;
    private volatile CompletableFuture<?> streamOpening;
    private volatile boolean closed;

    StreamableHttpTransport(String domain, URI url, HttpClient http, long timeoutMillis, long maxResponseBytes) {
        this.domain = domain;
        this.url = url;
        this.http = http;
        this.timeoutMillis = timeoutMillis;
        this.maxResponseBytes = maxResponseBytes;
    }

    @Override
    public Reply send(ObjectNode message, Envelope envelope, Consumer<JsonNode> inbound, InFlightCall call) {
        HttpRequest.Builder b = request(envelope);
        envelope.routing().forEach(b::header);
        b.timeout(Duration.ofMillis(timeoutMillis))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(message)));
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        HttpRequest request = b.build();
        HttpResponse<Flow.Publisher<List<ByteBuffer>>> response;
        try {
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofPublisher());
            } catch (IOException e) {
                if (!SAFE_TO_RESEND.contains(message.path("method").asText()) || e instanceof HttpTimeoutException
                        || e instanceof ConnectException) {
                    throw e;
                }
                LOG.debug("Upstream '{}' closed the connection before answering {}; sending it once more",
                        domain, message.path("method").asText());
                response = http.send(request, HttpResponse.BodyHandlers.ofPublisher());
            }
        } catch (InterruptedException e) {
            throw InFlightCall.interrupted(call);
        } catch (IOException e) {
            if (call != null && call.cancelled()) {
                throw InFlightCall.interrupted(call);
            }
            throw transportError(e);
        }
        String sessionId = response.headers().firstValue("Mcp-Session-Id").orElse(envelope.sessionId());
        String contentType = response.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
        boolean eventStream = contentType.startsWith("text/event-stream");
        boolean expectsReply = message.has("method") && message.has("id") && (response.statusCode() < 300
                && response.statusCode() != 202 || response.statusCode() == 400 && contentType.startsWith("application/json"));
        ReplyReader reader = new ReplyReader(eventStream, expectsReply ? message.get("id").asLong() : 0, maxResponseBytes,
                inbound);
        response.body().subscribe(reader);
        if (!expectsReply) {
            reader.cancel();
            return new Reply(response.statusCode(), sessionId, null);
        }
        if (call != null && !call.reading(() -> reader.abort(new CancellationException("cancelled by the caller")))) {
            reader.cancel();
            throw InFlightCall.interrupted(call);
        }
        try {
            return new Reply(response.statusCode(), sessionId, awaitReply(reader, deadline, call));
        } catch (UpstreamException e) {
            if (!envelope.resumable() || !reader.resumable()) {
                throw e;
            }
            return new Reply(response.statusCode(), sessionId, resume(reader, envelope, inbound, call, deadline));
        }
    }

    /** The response the reader waits for, by the deadline. */
    private JsonNode awaitReply(ReplyReader reader, long deadline, InFlightCall call) {
        try {
            return reader.reply().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            reader.cancel();
            throw UpstreamException.transport("timed out after " + timeoutMillis + " ms", e);
        } catch (InterruptedException e) {
            reader.cancel();
            throw InFlightCall.interrupted(call);
        } catch (CancellationException e) {
            throw InFlightCall.interrupted(call);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? transportError(io)
                    : new UpstreamException("unreadable response: " + e.getCause().getMessage());
        }
    }

    /**
     * Resumes a response stream the upstream closed before the response: after the {@code retry} delay it asked for, a
     * GET with {@code Last-Event-ID} continues the stream, up to {@value #MAX_RESUMES} times, all within the request's
     * deadline.
     */
    private JsonNode resume(ReplyReader ended, Envelope envelope, Consumer<JsonNode> inbound, InFlightCall call,
                            long deadline) {
        ReplyReader last = ended;
        for (int attempt = 0; attempt < MAX_RESUMES; attempt++) {
            long wait = TimeUnit.MILLISECONDS.toNanos(last.retryMillis(DEFAULT_RETRY_MILLIS));
            if (System.nanoTime() + wait >= deadline) {
                break;
            }
            LockSupport.parkNanos(wait);
            if (Thread.interrupted()) {
                throw InFlightCall.interrupted(call);
            }
            LOG.debug("Upstream '{}' closed a response stream early; resuming after event {}", domain, last.lastEventId());
            HttpResponse<Flow.Publisher<List<ByteBuffer>>> response;
            try {
                response = http.send(request(envelope).GET().header("Accept", "text/event-stream")
                                .header("Last-Event-ID", last.lastEventId())
                                .timeout(Duration.ofNanos(Math.max(1, deadline - System.nanoTime()))).build(),
                        HttpResponse.BodyHandlers.ofPublisher());
            } catch (InterruptedException e) {
                throw InFlightCall.interrupted(call);
            } catch (IOException e) {
                throw transportError(e);
            }
            if (response.statusCode() != 200) {
                throw UpstreamException.httpStatus("resuming the response stream answered HTTP " + response.statusCode(),
                        response.statusCode());
            }
            ReplyReader reader = new ReplyReader(true, ended.requestId(), maxResponseBytes, inbound).after(last);
            response.body().subscribe(reader);
            if (call != null && !call.reading(() -> reader.abort(new CancellationException("cancelled by the caller")))) {
                reader.cancel();
                throw InFlightCall.interrupted(call);
            }
            try {
                return awaitReply(reader, deadline, call);
            } catch (UpstreamException e) {
                if (!reader.resumable()) {
                    throw e;
                }
                last = reader;
            }
        }
        throw UpstreamException.transport("the response stream ended before the response and could not be resumed", null);
    }

    /**
     * Opens the stream with a POST of {@code subscription}, or a GET, and reads it until it ends or {@link #close()}
     * aborts it: a reader that waits for no response passes every message on. Closing also ends the wait for the
     * stream's headers, which an upstream may hold back until it has something to send.
     */
    @Override
    public int stream(ObjectNode subscription, Envelope envelope, Consumer<JsonNode> inbound, Runnable opened)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = request(envelope);
        if (subscription == null) {
            b.GET().header("Accept", "text/event-stream");
        } else {
            envelope.routing().forEach(b::header);
            b.header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                    .POST(HttpRequest.BodyPublishers.ofString(Json.write(subscription)));
        }
        CompletableFuture<HttpResponse<Flow.Publisher<List<ByteBuffer>>>> pending = http.sendAsync(b.build(),
                HttpResponse.BodyHandlers.ofPublisher());
        streamOpening = pending;
        if (closed) {
            pending.cancel(true);
        }
        HttpResponse<Flow.Publisher<List<ByteBuffer>>> response;
        try {
            response = pending.get();
        } catch (CancellationException e) {
            throw new IOException("closed before the upstream answered", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } finally {
            streamOpening = null;
        }
        if (response.statusCode() != 200) {
            return response.statusCode();
        }
        opened.run();
        ReplyReader reader = new ReplyReader(true, -1, maxResponseBytes, inbound);
        streamReader = reader;
        response.body().subscribe(reader);
        if (closed) {
            reader.abort(new CancellationException("closed"));
        }
        try {
            reader.reply().get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
        return 200;
    }

    /** A request to the upstream carrying the session id, the protocol version and the caller's passed headers. */
    private HttpRequest.Builder request(Envelope envelope) {
        HttpRequest.Builder b = HttpRequest.newBuilder(url);
        if (envelope.sessionId() != null) {
            b.header("Mcp-Session-Id", envelope.sessionId());
        }
        if (envelope.protocolVersion() != null) {
            b.header("MCP-Protocol-Version", envelope.protocolVersion());
        }
        envelope.headers().forEach((name, value) -> {
            if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
                b.header(name, value);
            }
        });
        return b;
    }

    private UpstreamException transportError(IOException cause) {
        if (cause instanceof HttpTimeoutException) {
            return UpstreamException.transport("timed out after " + timeoutMillis + " ms", cause);
        }
        if (cause instanceof ConnectException) {
            return UpstreamException.transport("connection refused", cause);
        }
        return UpstreamException.transport("transport error: " + cause.getClass().getSimpleName(), cause);
    }

    /** Ends the session with DELETE. */
    @Override
    public void endSession(String sessionId) {
        HttpRequest req = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(2))
                .header("Mcp-Session-Id", sessionId).DELETE().build();
        http.sendAsync(req, HttpResponse.BodyHandlers.discarding());
    }

    @Override
    public void close() {
        closed = true;
        CompletableFuture<?> opening = streamOpening;
        if (opening != null) {
            opening.cancel(true);
        }
        ReplyReader reader = streamReader;
        if (reader != null) {
            reader.abort(new CancellationException("closed"));
        }
    }
}
