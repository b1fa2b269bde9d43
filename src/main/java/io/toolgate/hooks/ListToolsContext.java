package io.toolgate.hooks;

import java.util.Map;

/**
 * What {@link GatewayHook#afterListTools} knows about a listing: the domain being listed ({@code null} for the summary,
 * search and suggestions; the tool's domain for {@code get_tool_schema} and {@code execute_tool}), the caller's HTTP
 * headers (lower-case names) and the authenticated user, or {@code null}.
 */
public record ListToolsContext(String domain, Map<String, String> headers, GatewayUser user) {
}
