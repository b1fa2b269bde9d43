package io.toolgate.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import io.toolgate.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;

/**
 * One connection of the legacy HTTP+SSE transport: the GET event stream, the message endpoint named by its first
 * {@code endpoint} event, and the requests waiting to be answered on it. The endpoint must have the stream's scheme,
 * host and port. Every {@code message} event goes to {@link #replies()}; when the stream ends, fails, sends an event
 * over the size limit or is ended here, every request waiting fails at once with the reason.
 */
final class SseConnection implements Flow.Subscriber<List<ByteBuffer>> {

    private static final Logger LOG = LoggerFactory.getLogger(SseConnection.class);

    private final String domain;
    private final URI streamUrl;
    private final String sessionId;
    private final PendingReplies replies;
    private final SseParser parser;
    private final CompletableFuture<URI> endpoint = new CompletableFuture<>();
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile CompletableFuture<?> response;
    private volatile Flow.Subscription subscription;
    private volatile boolean open = true;

    SseConnection(String domain, URI streamUrl, String sessionId, long maxEventBytes) {
        this.domain = domain;
        this.streamUrl = streamUrl;
        this.sessionId = sessionId;
        this.replies = new PendingReplies(domain);
        this.parser = new SseParser(maxEventBytes, this::event);
    }

    /** Sends the GET; the connection can carry messages once {@link #endpoint()} completes. */
    void start(HttpClient http, HttpRequest get) {
        CompletableFuture<HttpResponse<Flow.Publisher<List<ByteBuffer>>>> pending = http.sendAsync(get,
                HttpResponse.BodyHandlers.ofPublisher());
        response = pending;
        pending.whenComplete((r, error) -> {
            if (error != null) {
                Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                end(UpstreamException.transport(cause instanceof ConnectException ? "connection refused"
                        : "the event stream could not be opened: " + cause.getClass().getSimpleName(), cause));
                return;
            }
            String type = r.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
            if (r.statusCode() != 200) {
                end(UpstreamException.httpStatus("the event stream answered HTTP " + r.statusCode(), r.statusCode()));
            } else if (!type.startsWith("text/event-stream")) {
                end(UpstreamException.transport("the event stream answered with Content-Type '" + type + "'", null));
            }
            r.body().subscribe(this);
        });
        if (!open) {
            pending.cancel(true);
        }
    }

    String sessionId() {
        return sessionId;
    }

    /** Where messages are POSTed; fails when the connection ends before the upstream named it. */
    CompletableFuture<URI> endpoint() {
        return endpoint;
    }

    PendingReplies replies() {
        return replies;
    }

    /** False once the stream ended: the connection takes no more messages. */
    boolean open() {
        return open;
    }

    /** Waits until the stream ends. */
    void awaitEnd() throws InterruptedException {
        ended.await();
    }

    /** Ends the connection, once: closes the stream and fails every request waiting on it with {@code cause}. */
    void end(UpstreamException cause) {
        synchronized (this) {
            if (!open) {
                return;
            }
            open = false;
        }
        CompletableFuture<?> pending = response;
        if (pending != null) {
            pending.cancel(true);
        }
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
        endpoint.completeExceptionally(cause);
        replies.failAll(cause);
        ended.countDown();
        LOG.info("Upstream '{}' event stream {} ended: {}", domain, sessionId, cause.getMessage());
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (open) {
            s.request(Long.MAX_VALUE);
        } else {
            s.cancel();
        }
    }

    @Override
    public void onNext(List<ByteBuffer> chunks) {
        try {
            for (ByteBuffer chunk : chunks) {
                if (!open) {
                    return;
                }
                parser.feed(chunk);
            }
        } catch (IOException e) {
            end(UpstreamException.transport("the upstream's event stream failed: " + e.getMessage(), e));
        }
    }

    @Override
    public void onError(Throwable error) {
        end(UpstreamException.transport("the upstream's event stream failed: " + error.getClass().getSimpleName(), error));
    }

    @Override
    public void onComplete() {
        end(UpstreamException.transport("the upstream closed its event stream", null));
    }

    private void event(String type, String data) {
        if (type.equals("endpoint") && !endpoint.isDone()) {
            URI target = resolve(data.trim());
            if (target == null) {
                end(UpstreamException.transport("the upstream named a message endpoint on another origin than its event"
                        + " stream, or not a URL; refused", null));
            } else {
                endpoint.complete(target);
            }
        } else if (type.equals("message")) {
            JsonNode message;
            try {
                message = Json.parse(data);
            } catch (IllegalArgumentException e) {
                LOG.warn("Upstream '{}' sent an event that is not JSON; ignored", domain);
                return;
            }
            if (message.isArray()) {
                message.forEach(this::deliver);
            } else {
                deliver(message);
            }
        }
    }

    private void deliver(JsonNode message) {
        if (!message.isObject()) {
            return;
        }
        try {
            replies.deliver(message);
        } catch (RuntimeException e) {
            LOG.warn("Upstream '{}' sent {} that could not be passed on: {}", domain,
                    message.path("method").asText("a response"), e.toString());
        }
    }

    /** The endpoint the event names, resolved against the stream's URL, or null when it is not on the same origin. */
    private URI resolve(String named) {
        URI target;
        try {
            target = streamUrl.resolve(named);
        } catch (IllegalArgumentException e) {
            return null;
        }
        boolean same = streamUrl.getScheme().equalsIgnoreCase(String.valueOf(target.getScheme()))
                && streamUrl.getHost().equalsIgnoreCase(String.valueOf(target.getHost()))
                && port(streamUrl) == port(target);
        return same ? target : null;
    }

    private static int port(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }
}
