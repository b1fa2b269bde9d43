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
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * MCP's 2024-11-05 HTTP+SSE transport: a GET opens the upstream's event stream, whose first {@code endpoint} event
 * names the URL each message is POSTed to; every answer and every other message arrives on that stream, requests told
 * apart by id. One connection at a time serves every caller, opened on first use; each connection is one session: a
 * message presenting the session of an earlier connection, or a POST the upstream answers 404, gets 404, so the
 * session is initialised again on a new connection. When the stream ends the requests waiting on it fail at once and
 * the next message opens a new connection. Every message carries the upstream's static headers only.
 */
final class LegacySseTransport implements McpTransport {

    private static final Logger LOG = LoggerFactory.getLogger(LegacySseTransport.class);
    private final String domain;
    private final URI url;
    private final HttpClient http;
    private final Map<String, String> headers;
    private final long timeoutMillis;
    private final long maxEventBytes;
    private final Object lock = new Object();
    private volatile SseConnection current;
    private volatile SseConnection opening;
    private volatile boolean closed;
    private int connections;

    /**
     * @param headers       sent with the GET and every POST
     * @param timeoutMillis how long opening the stream, and each request until its answer, may take
     * @param maxEventBytes the largest event read from the stream; a larger one ends the connection
     */
    LegacySseTransport(String domain, URI url, HttpClient http, Map<String, String> headers, long timeoutMillis,
                       long maxEventBytes) {
        this.domain = domain;
        this.url = url;
        this.http = http;
        this.headers = headers;
        this.timeoutMillis = timeoutMillis;
        this.maxEventBytes = maxEventBytes;
    }

    @Override
    public boolean singleConnection() {
        return true;
    }

    @Override
    public Reply send(ObjectNode message, Envelope envelope, Consumer<JsonNode> inbound, InFlightCall call) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        SseConnection c = connected(deadline, call);
        if (envelope.sessionId() != null && !envelope.sessionId().equals(c.sessionId())) {
            return new Reply(404, envelope.sessionId(), null);
        }
        if (!message.has("method") || !message.has("id")) {
            int status = post(c, message, deadline, call);
            return new Reply(accepted(status) ? 202 : status, c.sessionId(), null);
        }
        long id = message.get("id").asLong();
        CompletableFuture<JsonNode> reply = c.replies().expect(message, inbound, call != null);
        if (!c.open()) {
            c.replies().forget(id);
            return new Reply(404, c.sessionId(), null);
        }
        int status;
        try {
            status = post(c, message, deadline, call);
        } catch (UpstreamException e) {
            c.replies().forget(id);
            throw e;
        }
        if (!accepted(status)) {
            c.replies().forget(id);
            return new Reply(status, c.sessionId(), null);
        }
        return new Reply(200, c.sessionId(), c.replies().await(id, reply, remainingMillis(deadline), call));
    }

    /**
     * Passes what the upstream sends outside any request to {@code inbound} until the connection ends: 404 then (the
     * session ended with it), 200 when the transport closed. A stateless subscription is not offered (405).
     */
    @Override
    public int stream(ObjectNode subscription, Envelope envelope, Consumer<JsonNode> inbound, Runnable opened)
            throws IOException, InterruptedException {
        if (subscription != null) {
            return 405;
        }
        SseConnection c;
        try {
            c = connected(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis), null);
        } catch (UpstreamException e) {
            throw new IOException(e.getMessage(), e);
        }
        if (envelope.sessionId() == null || !envelope.sessionId().equals(c.sessionId())) {
            return 404;
        }
        c.replies().openStandalone(inbound);
        try {
            opened.run();
            c.awaitEnd();
        } finally {
            c.replies().closeStandalone(inbound);
        }
        return closed ? 200 : 404;
    }

    /** The session ends with its connection, when the transport closes. */
    @Override
    public void endSession(String sessionId) {
    }

    /** Ends the event stream; requests in flight fail. */
    @Override
    public void close() {
        closed = true;
        UpstreamException cause = UpstreamException.transport("the gateway closed the upstream", null);
        SseConnection starting = opening;
        if (starting != null) {
            starting.end(cause);
        }
        SseConnection c;
        synchronized (lock) {
            c = current;
            current = null;
        }
        if (c != null) {
            c.end(cause);
        }
    }

    /** The open connection, opened now (by the deadline) when there is none. */
    private SseConnection connected(long deadline, InFlightCall call) {
        synchronized (lock) {
            if (closed) {
                throw UpstreamException.transport("the upstream is closed", null);
            }
            SseConnection c = current;
            if (c != null && c.open()) {
                return c;
            }
            current = null;
            c = new SseConnection(domain, url, "sse-" + (++connections), maxEventBytes);
            opening = c;
            try {
                HttpRequest.Builder get = HttpRequest.newBuilder(url).GET().header("Accept", "text/event-stream");
                headers.forEach((name, value) -> header(get, name, value));
                c.start(http, get.build());
                if (closed) {
                    c.end(UpstreamException.transport("the upstream is closed", null));
                }
                c.endpoint().get(remainingMillis(deadline), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                UpstreamException timedOut = UpstreamException.transport("timed out after " + timeoutMillis
                        + " ms waiting for the event stream's endpoint", e);
                c.end(timedOut);
                throw timedOut;
            } catch (InterruptedException e) {
                c.end(UpstreamException.transport("interrupted opening the event stream", e));
                throw InFlightCall.interrupted(call);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof UpstreamException u ? u
                        : UpstreamException.transport("transport error: " + e.getCause().getMessage(), e.getCause());
            } finally {
                opening = null;
            }
            current = c;
            LOG.info("Upstream '{}' event stream {} opened; messages go to {}", domain, c.sessionId(),
                    c.endpoint().join().getPath());
            return c;
        }
    }

    /** POSTs one message to the connection's endpoint; returns the status. */
    private int post(SseConnection c, ObjectNode message, long deadline, InFlightCall call) {
        HttpRequest.Builder b = HttpRequest.newBuilder(c.endpoint().join())
                .timeout(Duration.ofMillis(Math.max(1, remainingMillis(deadline))))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(message)));
        headers.forEach((name, value) -> header(b, name, value));
        int status;
        try {
            status = http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (InterruptedException e) {
            throw InFlightCall.interrupted(call);
        } catch (IOException e) {
            if (call != null && call.cancelled()) {
                throw InFlightCall.interrupted(call);
            }
            throw UpstreamException.transport(e instanceof HttpTimeoutException ? "timed out after " + timeoutMillis
                    + " ms" : e instanceof ConnectException ? "connection refused"
                    : "transport error: " + e.getClass().getSimpleName(), e);
        }
        if (status == 404) {
            c.end(UpstreamException.transport("the upstream no longer knows the session of its event stream", null));
        }
        return status;
    }

    private static void header(HttpRequest.Builder b, String name, String value) {
        if (!StreamableHttpTransport.RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
            b.header(name, value);
        }
    }

    private static boolean accepted(int status) {
        return status == 200 || status == 202;
    }

    private static long remainingMillis(long deadline) {
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    }
}
