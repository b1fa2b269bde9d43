package io.toolgate.mcp;

import java.util.List;

/** The MCP protocol versions the gateway serves over sessions. */
public final class McpProtocol {

    public static final List<String> SUPPORTED = List.of("2025-11-25", "2025-06-18", "2025-03-26");
    public static final String LATEST = SUPPORTED.get(0);

    private McpProtocol() {
    }

    /** The version to answer an {@code initialize} with: the client's when supported, else the latest. */
    public static String negotiate(String requested) {
        return SUPPORTED.contains(requested) ? requested : LATEST;
    }
}
