package io.toolgate.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.toolgate.json.Json;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One client session opened by {@code initialize}: what the client declared, the log level it asked for, its
 * standalone event stream (GET), the requests it is waiting on (cancellable), the requests the gateway relayed to it
 * and is waiting on, and the resources it subscribed to.
 */
public final class ClientSession {

    /** RFC 5424 severities in the order MCP uses, least severe first. */
    public static final List<String> LOG_LEVELS = List.of("debug", "info", "notice", "warning", "error", "critical",
            "alert", "emergency");

    private final String id;
    private final String protocolVersion;
    /** The subject that opened the session, or null for an anonymous one. */
    private final String owner;
    private final JsonNode clientCapabilities;
    private final AtomicLong relayIds = new AtomicLong();
    private final Map<String, CompletableFuture<JsonNode>> awaiting = new ConcurrentHashMap<>();
    private final Map<String, ClientChannel> inFlight = new ConcurrentHashMap<>();
    private final Set<String> subscriptions = ConcurrentHashMap.newKeySet();
    /** Told when a request ends or the event stream closes, so idle time counts from then. */
    private final ClientSessions sessions;
    private volatile Consumer<JsonNode> stream;
    private volatile int logLevel;
    private volatile long lastUsed;
    private volatile long useOrder;

    ClientSession(String id, String protocolVersion, JsonNode clientCapabilities, String owner, ClientSessions sessions) {
        this.id = id;
        this.owner = owner;
        this.protocolVersion = protocolVersion;
        this.clientCapabilities = clientCapabilities == null || !clientCapabilities.isObject()
                ? Json.object() : clientCapabilities;
        this.sessions = sessions;
    }

    public String id() {
        return id;
    }

    /** True when {@code subject} (null: anonymous) is the one that opened this session. */
    public boolean ownedBy(String subject) {
        return Objects.equals(owner, subject);
    }

    public String protocolVersion() {
        return protocolVersion;
    }

    /** What the client declared for the capability ({@code sampling}, {@code elicitation}, {@code roots}), or null. */
    public JsonNode clientCapability(String capability) {
        return clientCapabilities.get(capability);
    }

    /** Sets the least severe level of {@code notifications/message} relayed to this client; false for an unknown level. */
    public boolean logLevel(String level) {
        int i = LOG_LEVELS.indexOf(level);
        if (i < 0) {
            return false;
        }
        logLevel = i;
        return true;
    }

    /** True when a log message of this level passes the client's level (unknown levels pass). */
    public boolean logs(String level) {
        return passes(level, logLevel);
    }

    /** True when a log message of {@code level} is at least as severe as the threshold index (unknown levels pass). */
    static boolean passes(String level, int threshold) {
        int i = LOG_LEVELS.indexOf(level);
        return i < 0 || i >= threshold;
    }

    /** Attaches the standalone event stream; false when one is already open. */
    boolean attach(Consumer<JsonNode> writer) {
        synchronized (this) {
            if (stream != null) {
                return false;
            }
            stream = writer;
            return true;
        }
    }

    void detach(Consumer<JsonNode> writer) {
        synchronized (this) {
            if (stream == writer) {
                stream = null;
            }
        }
        sessions.touch(this);
    }

    /** True while the standalone event stream is open or a request of the client is in flight. */
    boolean busy() {
        return stream != null || !inFlight.isEmpty();
    }

    /** Records a use: at {@code now} (clock millis), the {@code order}-th use among all sessions. */
    void used(long now, long order) {
        lastUsed = now;
        useOrder = order;
    }

    /** When the session was last used, in clock millis. */
    long lastUsed() {
        return lastUsed;
    }

    /** The order of the session's last use among all sessions' uses; smaller is longer ago. */
    long useOrder() {
        return useOrder;
    }

    /** Sends a message on the standalone event stream; false when none is open. */
    public boolean send(JsonNode message) {
        Consumer<JsonNode> s = stream;
        if (s == null) {
            return false;
        }
        s.accept(message);
        return true;
    }

    /** A fresh id for a request the gateway sends to this client, and the future its answer completes. */
    String expect(CompletableFuture<JsonNode> answer) {
        String requestId = "toolgate-" + relayIds.incrementAndGet();
        awaiting.put(requestId, answer);
        return requestId;
    }

    void forget(String requestId) {
        awaiting.remove(requestId);
    }

    /** Completes the relayed request this response answers; false when nothing waits for it. */
    boolean answered(JsonNode response) {
        CompletableFuture<JsonNode> f = awaiting.remove(response.path("id").asText());
        return f != null && f.complete(response);
    }

    void started(JsonNode requestId, ClientChannel channel) {
        inFlight.put(key(requestId), channel);
    }

    void finished(JsonNode requestId, ClientChannel channel) {
        inFlight.remove(key(requestId), channel);
        sessions.touch(this);
    }

    /** Cancels the client's request with this id, if it is still running. */
    void cancel(JsonNode requestId) {
        ClientChannel c = requestId == null ? null : inFlight.get(key(requestId));
        if (c != null) {
            c.cancel();
        }
    }

    private static String key(JsonNode requestId) {
        return (requestId.isTextual() ? "s:" : "n:") + requestId.asText();
    }

    public void subscribe(String uri) {
        subscriptions.add(uri);
    }

    public void unsubscribe(String uri) {
        subscriptions.remove(uri);
    }

    public boolean subscribed(String uri) {
        return subscriptions.contains(uri);
    }
}
