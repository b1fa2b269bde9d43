package io.toolgate.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.toolgate.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * Makes sessions ready, negotiating the protocol era once per upstream: {@code server/discover} first; an upstream
 * that answers it with a version this client speaks statelessly ({@value #STATELESS_VERSION}) is used without
 * {@code initialize} or a session id, every request carrying the version and capabilities in {@code _meta}; any other
 * answer means a sessions-era upstream, and {@code initialize} follows (the probe is not repeated after an upstream
 * refused it).
 */
final class SessionHandshake {

    static final String PROTOCOL_VERSION = "2025-11-25";
    /** The protocol version spoken to upstreams that answer {@code server/discover}. */
    static final String STATELESS_VERSION = "2026-07-28";
    private static final int UNSUPPORTED_PROTOCOL_VERSION = -32022;
    private static final Logger LOG = LoggerFactory.getLogger(SessionHandshake.class);

    private final String domain;
    private final UpstreamChannel channel;
    private final String clientVersion;
    private final boolean relistWhenReinitialized;
    private volatile boolean sessionsEra;

    /**
     * @param relistWhenReinitialized whether a session initialised again announces a tool list change: over a
     *                                transport with one connection a new session means a new connection (a restarted
     *                                process), whose tools may differ
     */
    SessionHandshake(String domain, UpstreamChannel channel, String clientVersion, boolean relistWhenReinitialized) {
        this.domain = domain;
        this.channel = channel;
        this.clientVersion = clientVersion;
        this.relistWhenReinitialized = relistWhenReinitialized;
    }

    /**
     * Makes the session ready for the caller's headers, unless it is: discovered stateless, or initialised. The
     * session is initialised on the side and takes the new id only once the upstream acknowledged it, so callers that
     * find it ready never present a half-made session; concurrent callers wait for one initialisation.
     */
    void ensureReady(UpstreamSession session, Map<String, String> headers) {
        if (session.ready()) {
            return;
        }
        synchronized (session) {
            if (session.ready()) {
                return;
            }
            if (!sessionsEra && discovered(session, headers)) {
                return;
            }
            ObjectNode params = Json.object();
            params.put("protocolVersion", PROTOCOL_VERSION);
            ObjectNode capabilities = params.putObject("capabilities");
            capabilities.putObject("sampling");
            capabilities.putObject("elicitation");
            capabilities.putObject("roots");
            params.putObject("clientInfo").put("name", "toolgate").put("version", clientVersion);
            UpstreamSession fresh = new UpstreamSession();
            McpTransport.Reply reply = channel.send(channel.rpc("initialize", params, fresh), fresh, headers, null);
            JsonNode result = UpstreamChannel.resultOf(reply, "initialize");
            String version = result.path("protocolVersion").asText(PROTOCOL_VERSION);
            JsonNode declared = result.path("capabilities").isObject() ? result.get("capabilities") : Json.object();
            fresh.initialized(reply.sessionId(), version, declared);
            McpTransport.Reply ack = channel.send(UpstreamChannel.notification("notifications/initialized"), fresh,
                    headers, null);
            if (ack.status() >= 300) {
                throw UpstreamException.httpStatus("upstream rejected notifications/initialized with HTTP " + ack.status(),
                        ack.status());
            }
            boolean again = session.protocolVersion() != null;
            session.initialized(reply.sessionId(), version, declared);
            session.markReady();
            if (again && relistWhenReinitialized) {
                channel.announce(UpstreamChannel.notification("notifications/tools/list_changed"));
            }
        }
    }

    /**
     * Asks {@code server/discover} on a fresh session; true when the upstream serves {@value #STATELESS_VERSION}, and
     * the session is then ready, stateless. An upstream that cannot be reached fails here; any other answer marks it
     * as a sessions-era upstream.
     */
    private boolean discovered(UpstreamSession session, Map<String, String> headers) {
        UpstreamSession probe = UpstreamSession.stateless(STATELESS_VERSION);
        JsonNode result = null;
        for (int attempt = 0; result == null; attempt++) {
            try {
                result = UpstreamChannel.resultOf(channel.send(channel.rpc("server/discover", Json.object(), probe),
                        probe, headers, null), "server/discover");
            } catch (UpstreamException e) {
                if (e.isTransient() && e.rpcCode() == null) {
                    throw e;
                }
                if (attempt == 0 && offersStateless(e)) {
                    LOG.debug("Upstream '{}' refused server/discover once but supports {}; asking again", domain,
                            STATELESS_VERSION);
                    continue;
                }
                LOG.debug("Upstream '{}' does not answer server/discover ({}); using sessions", domain, e.getMessage());
                sessionsEra = true;
                return false;
            }
        }
        boolean served = false;
        for (JsonNode v : result.path("supportedVersions")) {
            served |= STATELESS_VERSION.equals(v.asText());
        }
        if (!served) {
            LOG.info("Upstream '{}' answers server/discover without protocol {}; using sessions", domain, STATELESS_VERSION);
            sessionsEra = true;
            return false;
        }
        session.readyStateless(STATELESS_VERSION,
                result.path("capabilities").isObject() ? result.get("capabilities") : Json.object());
        LOG.info("Upstream '{}' speaks protocol {} statelessly", domain, STATELESS_VERSION);
        return true;
    }

    /** True for an "unsupported protocol version" error (-32022) that names {@value #STATELESS_VERSION} as supported. */
    private static boolean offersStateless(UpstreamException e) {
        if (e.rpcCode() == null || e.rpcCode() != UNSUPPORTED_PROTOCOL_VERSION || e.rpcData() == null) {
            return false;
        }
        for (JsonNode v : e.rpcData().path("supported")) {
            if (STATELESS_VERSION.equals(v.asText())) {
                return true;
            }
        }
        return false;
    }
}
