package io.toolgate.registry;

import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

/** The handshake instructions (domains and their tool counts), with the plural fixed ("1 tool"). */
public final class Instructions {

    static final String EMPTY = """
            You have access to a tool discovery gateway with 3 tools:
            1. discover_tools - Browse available tools. Call with no arguments to see domains, or with a domain to see specific tools.
            2. get_tool_schema - Get a tool's parameter schema before using it.
            3. execute_tool - Run any discovered tool.
            Workflow: discover_tools -> get_tool_schema -> execute_tool. Skip discovery for tools you've already used in this conversation.""";

    private Instructions() {
    }

    static String build(RegistrySnapshot snapshot) {
        Map<String, NavigableMap<String, List<ToolEntry>>> groups = snapshot.groups();
        if (groups.isEmpty()) {
            return EMPTY;
        }
        StringBuilder sb = new StringBuilder("You have access to a tool discovery gateway with tools across these domains:\n\n");
        groups.forEach((domain, byGroup) -> {
            int count = byGroup.values().stream().mapToInt(List::size).sum();
            sb.append("- **").append(domain).append("** (").append(count).append(count == 1 ? " tool)" : " tools)");
            DomainState d = snapshot.domain(domain);
            if (d != null && d.description() != null && !d.description().isEmpty()) {
                sb.append(" \u2014 ").append(d.description());
            }
            sb.append('\n');
        });
        sb.append("\nWorkflow: discover_tools() \u2192 get_tool_schema() \u2192 execute_tool()\n");
        sb.append("Use `discover_tools(domain=\"...\")` to see tools in a specific domain.\n");
        sb.append("Skip discovery for tools you've already used in this conversation.");
        return sb.toString();
    }
}
