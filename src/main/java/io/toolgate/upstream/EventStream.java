package io.toolgate.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.toolgate.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The upstream's stream of what it sends outside any request: list changes and resource updates, and requests
 * (sampling, elicitation, roots) that upstreams send there rather than on the stream of the call they serve, which go
 * to the caller of the only call in flight in that session (refused when there are several).
 */
final class EventStream implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);

    private final String domain;
    private final McpTransport transport;
    private final UpstreamSessions sessions;
    private final UpstreamChannel channel;
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile boolean listening;

    EventStream(String domain, McpTransport transport, UpstreamSessions sessions, UpstreamChannel channel) {
        this.domain = domain;
        this.transport = transport;
        this.sessions = sessions;
        this.channel = channel;
    }

    /** True while {@link #listen} holds the stream open. */
    boolean listening() {
        return listening;
    }

    /**
     * Holds the stream open on the calling thread, in the session for {@code headers}, reconnecting with back-off until
     * {@link #close()}. Returns at once when the upstream answers 405 (it offers no stream), and for a stateless
     * upstream that declares no capability that notifies (its stream is {@code subscriptions/listen}).
     */
    void listen(Map<String, String> headers) {
        long backoff = 1_000;
        while (closed.getCount() > 0) {
            try {
                UpstreamSession session = sessions.ready(headers);
                if (session.stateless() && !notifies(session.capabilities())) {
                    return;
                }
                ObjectNode subscription = session.stateless() ? subscription(session) : null;
                McpTransport.Envelope envelope = channel.envelope(subscription, session, headers);
                int status;
                try {
                    status = transport.stream(subscription, envelope,
                            m -> channel.onMessage(m, session, headers, m.has("id") ? session.calls().soleCaller() : null),
                            () -> listening = true);
                } finally {
                    if (listening) {
                        backoff = 1_000;
                        listening = false;
                    }
                }
                if (status == 405) {
                    LOG.debug("Upstream '{}' offers no event stream", domain);
                    return;
                }
                if (status == 404 && envelope.sessionId() != null) {
                    session.expire(envelope.sessionId());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (IOException | RuntimeException e) {
                LOG.debug("Upstream '{}' event stream ended: {}", domain, e.toString());
            }
            try {
                if (closed.await(backoff, TimeUnit.MILLISECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            backoff = Math.min(backoff * 2, 30_000);
        }
    }

    /** A stateless upstream's {@code subscriptions/listen} for every list change and resource update it offers. */
    private ObjectNode subscription(UpstreamSession session) {
        ObjectNode params = Json.object();
        ObjectNode wanted = params.putObject("notifications");
        JsonNode caps = session.capabilities();
        wanted.put("toolsListChanged", caps.path("tools").path("listChanged").asBoolean(false));
        wanted.put("promptsListChanged", caps.path("prompts").path("listChanged").asBoolean(false));
        wanted.put("resourcesListChanged", caps.path("resources").path("listChanged").asBoolean(false));
        return channel.rpc("subscriptions/listen", params, session);
    }

    private static boolean notifies(JsonNode capabilities) {
        return capabilities.path("tools").path("listChanged").asBoolean(false)
                || capabilities.path("prompts").path("listChanged").asBoolean(false)
                || capabilities.path("resources").path("listChanged").asBoolean(false)
                || capabilities.path("resources").path("subscribe").asBoolean(false);
    }

    /** Stops reconnecting; the transport's close ends the stream being read. */
    @Override
    public void close() {
        closed.countDown();
    }
}
