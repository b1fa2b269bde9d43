package io.toolgate.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The requests in flight on a transport whose answers all arrive on one shared stream (stdio, legacy SSE), matched by
 * JSON-RPC id. What the upstream sends that is not a response goes to the request it belongs to: a progress
 * notification to the request that asked with its token, anything else to the only request with a caller in flight
 * (the shared stream does not say which request a message relates to); failing that, to the standalone listener, if
 * one is open. Notifications about the upstream as a whole (list changes, resource updates) always go to the
 * standalone listener.
 */
final class PendingReplies {

    private static final Logger LOG = LoggerFactory.getLogger(PendingReplies.class);

    private record Pending(CompletableFuture<JsonNode> reply, Consumer<JsonNode> inbound, JsonNode progressToken,
                           boolean caller) {
    }

    private final String domain;
    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
    private volatile Consumer<JsonNode> standalone;

    PendingReplies(String domain) {
        this.domain = domain;
    }

    /**
     * Expects the response to {@code request}: the future completes with it, or fails when {@link #failAll} runs.
     *
     * @param inbound what the upstream sends for this request before answering
     * @param caller  whether a caller waits for it (only such a request takes messages the stream does not attribute)
     */
    CompletableFuture<JsonNode> expect(JsonNode request, Consumer<JsonNode> inbound, boolean caller) {
        Pending p = new Pending(new CompletableFuture<>(), inbound,
                request.path("params").path("_meta").get("progressToken"), caller);
        pending.put(request.get("id").asLong(), p);
        return p.reply;
    }

    /** Stops expecting the response to request {@code id} (answered, timed out or cancelled). */
    void forget(long id) {
        pending.remove(id);
    }

    /** Where messages no request claims go, until {@link #closeStandalone}. */
    void openStandalone(Consumer<JsonNode> listener) {
        standalone = listener;
    }

    void closeStandalone(Consumer<JsonNode> listener) {
        if (standalone == listener) {
            standalone = null;
        }
    }

    /** Routes one message that arrived on the stream. */
    void deliver(JsonNode message) {
        if (!message.has("method")) {
            JsonNode id = message.get("id");
            Pending p = id != null && id.canConvertToLong() ? pending.remove(id.asLong()) : null;
            if (p != null) {
                p.reply.complete(message);
            } else {
                LOG.debug("Upstream '{}' answered request {}, which nobody waits for", domain, id);
            }
            return;
        }
        Pending owner = owner(message);
        Consumer<JsonNode> target = owner != null ? owner.inbound : standalone;
        if (target != null) {
            target.accept(message);
        } else {
            LOG.debug("Upstream '{}' sent {} outside any request, with no listener open", domain,
                    message.path("method").asText());
        }
    }

    /** The request a message belongs to, or null. */
    private Pending owner(JsonNode message) {
        if (UpstreamChannel.EVENTS.contains(message.path("method").asText())) {
            return null;
        }
        JsonNode token = message.path("params").get("progressToken");
        Pending sole = null;
        int callers = 0;
        Pending byToken = null;
        int tokens = 0;
        for (Pending p : pending.values()) {
            if (token != null && Objects.equals(token, p.progressToken)) {
                byToken = p;
                tokens++;
            }
            if (p.caller) {
                sole = p;
                callers++;
            }
        }
        if (tokens == 1) {
            return byToken;
        }
        return callers == 1 ? sole : null;
    }

    /**
     * Waits for the response to request {@code id} for up to {@code timeoutMillis}; the caller's cancel ends the wait.
     * The request is forgotten however the wait ends.
     *
     * @throws UpstreamException on timeout, cancellation, or when the stream ended first
     */
    JsonNode await(long id, CompletableFuture<JsonNode> reply, long timeoutMillis, InFlightCall call) {
        try {
            if (call != null && !call.reading(() -> reply.cancel(false))) {
                throw InFlightCall.interrupted(call);
            }
            return reply.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw UpstreamException.transport("timed out after " + timeoutMillis + " ms", e);
        } catch (CancellationException | InterruptedException e) {
            throw InFlightCall.interrupted(call);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof UpstreamException u ? u
                    : UpstreamException.transport("transport error: " + e.getCause().getMessage(), e.getCause());
        } finally {
            forget(id);
        }
    }

    /** Fails every request in flight: the stream they were to be answered on ended. */
    void failAll(UpstreamException cause) {
        for (Long id : pending.keySet()) {
            Pending p = pending.remove(id);
            if (p != null) {
                p.reply.completeExceptionally(cause);
            }
        }
    }
}
