package io.toolgate.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A tool as the gateway exposes it.
 *
 * @param name   the gateway name callers use
 * @param domain the upstream it belongs to
 * @param group  its group inside the domain
 * @param tool   the upstream's tool, with its original name for dispatch
 */
public record ToolEntry(String name, String domain, String group, UpstreamTool tool) {

    public String originalName() {
        return tool.name();
    }

    public String description() {
        return tool.description();
    }

    public ObjectNode schema() {
        return tool.schema();
    }
}
