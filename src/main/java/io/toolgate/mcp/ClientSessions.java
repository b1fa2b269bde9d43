package io.toolgate.mcp;

import com.fasterxml.jackson.databind.JsonNode;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Sessions created by {@code initialize}. Ids are 128-bit random. Sessions idle longer than the configured time are
 * dropped (a later request with that id gets 404, and a conforming client initialises again); an open event stream
 * keeps its session alive. The stateless era's {@code subscriptions/listen} streams are kept here too, so one
 * broadcast reaches both.
 */
public final class ClientSessions {

    private final Map<String, ClientSession> sessions = new ConcurrentHashMap<>();
    private final Set<ListenStream> listeners = ConcurrentHashMap.newKeySet();
    private final SecureRandom random = new SecureRandom();
    private final long idleMillis;

    public ClientSessions(long idleMillis) {
        this.idleMillis = idleMillis;
    }

    /** Opens a session for {@code owner}, the authenticated subject, or null for an anonymous caller. */
    public ClientSession create(String protocolVersion, JsonNode clientCapabilities, String owner) {
        evictIdle();
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        ClientSession s = new ClientSession(HexFormat.of().formatHex(bytes), protocolVersion, clientCapabilities,
                owner);
        sessions.put(s.id(), s);
        return s;
    }

    /** The live session with this id, touched, or null. */
    public ClientSession find(String id) {
        ClientSession s = id == null ? null : sessions.get(id);
        if (s == null) {
            return null;
        }
        long now = System.currentTimeMillis();
        if (now - s.lastSeen > idleMillis && !s.streaming()) {
            sessions.remove(id);
            return null;
        }
        s.lastSeen = now;
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

    private void evictIdle() {
        long cutoff = System.currentTimeMillis() - idleMillis;
        sessions.values().removeIf(s -> s.lastSeen < cutoff && !s.streaming());
    }
}
