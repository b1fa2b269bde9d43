package io.toolgate.observability;

import java.time.Instant;

/**
 * One JSON-RPC request of {@code /mcp} as the gateway answered it.
 *
 * @param at            when the gateway began to handle it
 * @param method        the JSON-RPC method
 * @param tool          for {@code tools/call}, the tool the client called (a meta-tool or a directly exposed tool),
 *                      else null
 * @param domain        the upstream domain the call reached, when it reached one, else null
 * @param outcome       {@link #OK}, {@link #TOOL_ERROR} (a tool result with {@code isError: true}) or {@link #ERROR}
 *                      (a JSON-RPC error)
 * @param errorCode     the gateway's error code of a failed tool call ({@code tool_not_found}, …) or the JSON-RPC
 *                      error code of an error answer; null when there is none
 * @param durationNanos from the hand-over to the route until its answer
 * @param subject       the authenticated caller, or null when anonymous
 * @param sessionId     the caller's MCP session, or null for a stateless request
 */
public record McpRequestRecord(Instant at, String method, String tool, String domain, String outcome, String errorCode,
                               long durationNanos, String subject, String sessionId) {

    public static final String OK = "ok";
    public static final String TOOL_ERROR = "tool_error";
    public static final String ERROR = "error";

    public double durationMillis() {
        return durationNanos / 1_000_000.0;
    }
}
