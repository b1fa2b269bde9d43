package io.toolgate.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.toolgate.error.McpProtocolException;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Sessions created by {@code initialize}. Ids are 128-bit random. A session is busy while its event stream is open or
 * a request of its client is in flight, else idle; one idle longer than the configured time is dropped (a later
 * request with that id gets 404, and a conforming client initialises again). At most the configured number of
 * sessions are open: at the cap, a new session ends the least recently used idle one, and is refused when every
 * session is busy. The stateless era's {@code subscriptions/listen} streams are kept here too, so one broadcast
 * reaches both.
 */
public final class ClientSessions {

    private final Map<String, ClientSession> sessions = new ConcurrentHashMap<>();
    private final Set<ListenStream> listeners = ConcurrentHashMap.newKeySet();
    private final SecureRandom random = new SecureRandom();
    private final AtomicLong uses = new AtomicLong();
    private final int maxSessions;
    private final long idleMillis;
    private final Clock clock;

    /**
     * @param maxSessions the most sessions open at once
     * @param idleMillis  how long a session may stay idle before it is dropped
     */
    public ClientSessions(int maxSessions, long idleMillis, Clock clock) {
        this.maxSessions = maxSessions;
        this.idleMillis = idleMillis;
        this.clock = clock;
    }

    /**
     * Opens a session for {@code owner}, the authenticated subject, or null for an anonymous caller. Expired sessions
     * are dropped first; at the cap the least recently used idle session ends to make room.
     *
     * @throws McpProtocolException {@link McpProtocolException#SERVER_BUSY} when the cap is reached and every session
     *                              is busy
     */
    public ClientSession create(String protocolVersion, JsonNode clientCapabilities, String owner) {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        ClientSession s = new ClientSession(HexFormat.of().formatHex(bytes), protocolVersion, clientCapabilities,
                owner, this);
        synchronized (this) {
            ClientSession leastRecentlyUsed = sweep(clock.millis());
            if (sessions.size() >= maxSessions) {
                if (leastRecentlyUsed == null) {
                    throw new McpProtocolException(McpProtocolException.SERVER_BUSY,
                            "Server busy: all " + maxSessions + " sessions are in use; try again later");
                }
                sessions.remove(leastRecentlyUsed.id(), leastRecentlyUsed);
            }
            touch(s);
            sessions.put(s.id(), s);
        }
        return s;
    }

    /** Drops the expired sessions; returns the least recently used idle session left, or null when none is idle. */
    private ClientSession sweep(long now) {
        ClientSession oldest = null;
        for (Iterator<ClientSession> it = sessions.values().iterator(); it.hasNext(); ) {
            ClientSession s = it.next();
            if (s.busy()) {
                continue;
            }
            if (now - s.lastUsed() > idleMillis) {
                it.remove();
            } else if (oldest == null || s.useOrder() < oldest.useOrder()) {
                oldest = s;
            }
        }
        return oldest;
    }

    /** The live session with this id, touched, or null. */
    public ClientSession find(String id) {
        ClientSession s = id == null ? null : sessions.get(id);
        if (s == null) {
            return null;
        }
        if (!s.busy() && clock.millis() - s.lastUsed() > idleMillis) {
            sessions.remove(id, s);
            return null;
        }
        touch(s);
        return s;
    }

    /**
     * The live session with this id if {@code subject} (null: anonymous) opened it, touched, or null; another
     * caller's lookup leaves the session as it was.
     */
    public ClientSession find(String id, String subject) {
        ClientSession s = id == null ? null : sessions.get(id);
        return s != null && s.ownedBy(subject) ? find(id) : null;
    }

    public boolean remove(String id) {
        return id != null && sessions.remove(id) != null;
    }

    public int size() {
        return sessions.size();
    }

    /** Marks the session used now: its idle time starts again, and it is the last to make room at the cap. */
    void touch(ClientSession s) {
        s.used(clock.millis(), uses.incrementAndGet());
    }

    /**
     * Sends a notification on the event stream of every session that has one open and passes {@code to}, and on
     * every {@code subscriptions/listen} stream that opted in to it.
     */
    public void broadcast(JsonNode notification, Predicate<ClientSession> to) {
        sessions.values().forEach(s -> {
            if (to.test(s)) {
                s.send(notification);
            }
        });
        listeners.forEach(l -> l.offer(notification));
    }

    void listen(ListenStream stream) {
        listeners.add(stream);
    }

    void unlisten(ListenStream stream) {
        listeners.remove(stream);
    }
}
