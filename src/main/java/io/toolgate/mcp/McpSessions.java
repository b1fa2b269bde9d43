package io.toolgate.mcp;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sessions created by {@code initialize}. Ids are 128-bit random. Sessions idle longer than the configured time are
 * dropped (a later request with that id gets 404, and a conforming client initialises again).
 */
public final class McpSessions {

    private final Map<String, McpSession> sessions = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final long idleMillis;

    public McpSessions(long idleMillis) {
        this.idleMillis = idleMillis;
    }

    public static final class McpSession {
        private final String id;
        private final String protocolVersion;
        private volatile long lastSeen;

        McpSession(String id, String protocolVersion) {
            this.id = id;
            this.protocolVersion = protocolVersion;
            this.lastSeen = System.currentTimeMillis();
        }

        public String id() {
            return id;
        }

        public String protocolVersion() {
            return protocolVersion;
        }
    }

    public McpSession create(String protocolVersion) {
        evictIdle();
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        McpSession s = new McpSession(HexFormat.of().formatHex(bytes), protocolVersion);
        sessions.put(s.id, s);
        return s;
    }

    /** The live session with this id, touched, or null. */
    public McpSession find(String id) {
        McpSession s = id == null ? null : sessions.get(id);
        if (s == null) {
            return null;
        }
        long now = System.currentTimeMillis();
        if (now - s.lastSeen > idleMillis) {
            sessions.remove(id);
            return null;
        }
        s.lastSeen = now;
        return s;
    }

    public boolean remove(String id) {
        return id != null && sessions.remove(id) != null;
    }

    public int size() {
        return sessions.size();
    }

    private void evictIdle() {
        long cutoff = System.currentTimeMillis() - idleMillis;
        sessions.values().removeIf(s -> s.lastSeen < cutoff);
    }
}
