package io.toolgate.meta;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.toolgate.Json;
import io.toolgate.error.ToolNotFoundException;
import io.toolgate.registry.RegistrySnapshot;
import io.toolgate.registry.Suggestions;
import io.toolgate.registry.ToolEntry;

import java.util.List;

/** Exact, case-sensitive tool lookup shared by {@code get_tool_schema} and {@code execute_tool}. */
final class ToolLookup {

    private ToolLookup() {
    }

    static ToolEntry find(RegistrySnapshot snapshot, String name) {
        ToolEntry t = snapshot.tool(name);
        if (t != null) {
            return t;
        }
        List<String> suggestions = Suggestions.forName(name, snapshot.tools().keySet());
        ObjectNode details = Json.object();
        details.put("tool_name", name);
        details.set("suggestions", Json.array(suggestions));
        throw new ToolNotFoundException("Unknown tool '" + name + "'. " + Suggestions.hint(suggestions), details);
    }
}
