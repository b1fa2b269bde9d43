package io.toolgate.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An upstream's sessions, one per distinct set of caller headers (so one per credential set), reused across calls and
 * bounded: past the limit the least recently used one is ended. A session the upstream no longer knows (it answers 404
 * for its id) is initialised again transparently.
 */
final class UpstreamSessions implements AutoCloseable {

    /** How often a request rejected with 404 for its session is sent again on a new one. */
    static final int RESENDS = 3;

    private static final Logger LOG = LoggerFactory.getLogger(UpstreamSessions.class);

    private final String domain;
    private final McpTransport transport;
    private final UpstreamChannel channel;
    private final SessionHandshake handshake;
    private final int maxSessions;
    private final Map<String, UpstreamSession> sessions = new ConcurrentHashMap<>();

    UpstreamSessions(String domain, McpTransport transport, UpstreamChannel channel, SessionHandshake handshake,
                     int maxSessions) {
        this.domain = domain;
        this.transport = transport;
        this.channel = channel;
        this.handshake = handshake;
        this.maxSessions = maxSessions;
    }

    /** The session for this header set, made ready (initialised, or re-initialised after it expired) as needed. */
    UpstreamSession ready(Map<String, String> headers) {
        String key = fingerprint(headers);
        UpstreamSession session = sessions.computeIfAbsent(key, k -> new UpstreamSession());
        session.used();
        if (sessions.size() > maxSessions) {
            endLeastRecentlyUsed(key);
        }
        handshake.ensureReady(session, headers);
        return session;
    }

    /**
     * Sends a request in the session. When the upstream answers 404 for the session id the request presented, the
     * request never ran: the session is initialised again (once per expired id, however many requests it rejected;
     * a caller whose id was already replaced uses the new session) and the request is sent again, up to
     * {@value #RESENDS} times should the upstream forget the new sessions too. Any other failure is the caller's, since
     * the request may have run.
     */
    McpTransport.Reply request(UpstreamSession session, Map<String, String> headers, String method, JsonNode params,
                               JsonNode capabilities, UpstreamListener listener) {
        McpTransport.Reply reply = channel.send(channel.rpc(method, params, session, capabilities), session, headers,
                listener);
        for (int resent = 0; resent < RESENDS && reply.status() == 404 && reply.sessionId() != null
                && !session.stateless(); resent++) {
            if (session.expire(reply.sessionId())) {
                LOG.info("Upstream '{}' session expired; re-initialising", domain);
            }
            handshake.ensureReady(session, headers);
            reply = channel.send(channel.rpc(method, params, session, capabilities), session, headers, listener);
        }
        return reply;
    }

    private static String fingerprint(Map<String, String> headers) {
        if (headers.isEmpty()) {
            return "";
        }
        Map<String, String> sorted = new TreeMap<>();
        headers.forEach((k, v) -> sorted.put(k.toLowerCase(Locale.ROOT), v));
        return Integer.toHexString(sorted.hashCode()) + ":" + sorted;
    }

    /** Keeps the session count bounded when callers' forwarded headers vary (one session per distinct set). */
    private void endLeastRecentlyUsed(String keep) {
        Map.Entry<String, UpstreamSession> oldest = null;
        for (Map.Entry<String, UpstreamSession> e : sessions.entrySet()) {
            if (!e.getKey().equals(keep) && (oldest == null || e.getValue().lastUsed() < oldest.getValue().lastUsed())) {
                oldest = e;
            }
        }
        if (oldest != null && sessions.remove(oldest.getKey(), oldest.getValue())) {
            end(oldest.getValue());
        }
    }

    private void end(UpstreamSession session) {
        String id = session.id();
        if (id != null) {
            transport.endSession(id);
        }
    }

    /** Ends every session. */
    @Override
    public void close() {
        sessions.values().forEach(this::end);
        sessions.clear();
    }
}
