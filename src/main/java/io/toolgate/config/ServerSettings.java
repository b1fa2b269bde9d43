package io.toolgate.config;

import java.util.List;

/**
 * How the gateway presents itself and guards {@code /mcp}.
 *
 * @param name           the server name in {@code initialize} ({@code GATEWAY_NAME})
 * @param host           the bind address ({@code GATEWAY_HOST})
 * @param port           the HTTP port ({@code GATEWAY_PORT}; 0 picks a free one)
 * @param instructions   the {@code instructions} of {@code initialize}, or null ({@code GATEWAY_INSTRUCTIONS})
 * @param allowedOrigins browser origins accepted besides loopback ones; {@code *} accepts any
 *                       ({@code GATEWAY_ALLOWED_ORIGINS})
 * @param allowedHosts   {@code Host} values accepted besides loopback names; empty accepts any
 *                       ({@code GATEWAY_ALLOWED_HOSTS})
 * @param maxBodyBytes   the largest request body ({@code GATEWAY_MAX_BODY_BYTES})
 * @param maxSessions    the most client sessions open at once ({@code GATEWAY_MAX_SESSIONS})
 * @param sessionIdleMillis how long a client session may stay idle before it ends
 *                       ({@code GATEWAY_SESSION_IDLE_TIMEOUT}, in seconds)
 * @param connections    how long and how many HTTP connections may stay open
 */
public record ServerSettings(String name, String host, int port, String instructions, List<String> allowedOrigins,
                             List<String> allowedHosts, long maxBodyBytes, int maxSessions, long sessionIdleMillis,
                             Connections connections) {

    /**
     * @param requestReadTimeoutMillis a request's head and body must arrive within this time
     *                                 ({@code GATEWAY_REQUEST_READ_TIMEOUT})
     * @param idleTimeoutMillis        a connection with no request in flight closes after this time
     *                                 ({@code GATEWAY_IDLE_TIMEOUT})
     * @param sseKeepAliveMillis       the interval of keep-alive comments on open event streams
     *                                 ({@code GATEWAY_SSE_KEEPALIVE})
     * @param maxConnections           the most connections open at once ({@code GATEWAY_MAX_CONNECTIONS})
     */
    public record Connections(long requestReadTimeoutMillis, long idleTimeoutMillis, long sseKeepAliveMillis,
                              int maxConnections) {
    }
}
