package io.toolgate.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import io.toolgate.json.Json;

/**
 * What the gateway holds of one conversation with an upstream: whether it is stateless, the session id and protocol
 * version to present, the capabilities the upstream declared, and the calls in flight. Made ready by
 * {@link SessionHandshake}; changed under the session's lock.
 */
final class UpstreamSession {

    private volatile boolean stateless;
    private volatile String id;
    private volatile String protocolVersion;
    private volatile JsonNode capabilities = Json.object();
    private volatile boolean ready;
    private volatile long lastUsed;
    private final InFlightCalls calls = new InFlightCalls();

    /** A session not yet ready, presenting nothing. */
    UpstreamSession() {
    }

    /** A stateless session presenting {@code protocolVersion}, to ask the upstream which era it serves. */
    static UpstreamSession stateless(String protocolVersion) {
        UpstreamSession probe = new UpstreamSession();
        probe.stateless = true;
        probe.protocolVersion = protocolVersion;
        return probe;
    }

    boolean stateless() {
        return stateless;
    }

    String id() {
        return id;
    }

    String protocolVersion() {
        return protocolVersion;
    }

    JsonNode capabilities() {
        return capabilities;
    }

    boolean ready() {
        return ready;
    }

    long lastUsed() {
        return lastUsed;
    }

    InFlightCalls calls() {
        return calls;
    }

    void used() {
        lastUsed = System.nanoTime();
    }

    /** Ready without a session id: every request carries the version and the client's capabilities. */
    void readyStateless(String version, JsonNode declared) {
        stateless = true;
        protocolVersion = version;
        capabilities = declared;
        ready = true;
    }

    /** Initialised: the upstream's session id (may be null), the version it agreed and its capabilities. */
    void initialized(String sessionId, String version, JsonNode declared) {
        id = sessionId;
        protocolVersion = version;
        capabilities = declared;
    }

    /** Ready once the upstream took {@code notifications/initialized}. */
    void markReady() {
        ready = true;
    }

    /**
     * The upstream no longer knows session {@code expiredId}: unless the session was initialised again since, it must
     * be. Until then the old id stays, so a request sent meanwhile is rejected the same way rather than sent without
     * a session.
     *
     * @return true when this call expired the session, false when it no longer presents {@code expiredId}
     */
    synchronized boolean expire(String expiredId) {
        if (!ready || !expiredId.equals(id)) {
            return false;
        }
        ready = false;
        return true;
    }
}
