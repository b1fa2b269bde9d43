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
 */
public record ServerSettings(String name, String host, int port, String instructions, List<String> allowedOrigins,
                             List<String> allowedHosts, long maxBodyBytes, int maxSessions, long sessionIdleMillis) {
}
