package io.toolgate.mcp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.toolgate.json.Json;

import java.util.List;

/**
 * The MCP protocol versions the gateway serves, in both eras: over sessions opened by {@code initialize}, and
 * statelessly (2026-07-28: {@code server/discover}, version and capabilities in every request's {@code _meta}); and
 * the capabilities it declares in either.
 */
public final class McpProtocol {

    public static final List<String> SUPPORTED = List.of("2025-11-25", "2025-06-18", "2025-03-26");
    public static final String LATEST = SUPPORTED.get(0);
    /** The versions served without a session, newest first. */
    public static final List<String> STATELESS = List.of("2026-07-28");

    private McpProtocol() {
    }

    /** The version to answer an {@code initialize} with: the client's when supported, else the latest. */
    public static String negotiate(String requested) {
        return SUPPORTED.contains(requested) ? requested : LATEST;
    }

    /**
     * What the gateway offers: tools (whose list changes only when upstream tools are listed directly), resources
     * with subscriptions, prompts, completions and logging, all federated from the upstreams.
     */
    public static ObjectNode capabilities(Exposure exposure) {
        ObjectNode capabilities = Json.object();
        capabilities.putObject("tools").put("listChanged", exposure != Exposure.META);
        capabilities.putObject("resources").put("subscribe", true).put("listChanged", true);
        capabilities.putObject("prompts").put("listChanged", true);
        capabilities.putObject("completions");
        capabilities.putObject("logging");
        return capabilities;
    }

    /**
     * What the gateway offers stateless clients: the same, and the tasks extension when upstream tools are listed
     * directly (a tool's own {@code execution.taskSupport} says whether it runs as a task).
     */
    public static ObjectNode statelessCapabilities(Exposure exposure) {
        ObjectNode capabilities = capabilities(exposure);
        if (exposure != Exposure.META) {
            capabilities.putObject("extensions").putObject(Tasks.EXTENSION);
        }
        return capabilities;
    }
}
