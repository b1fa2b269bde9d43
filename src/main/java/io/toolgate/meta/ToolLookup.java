package io.toolgate.meta;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.toolgate.json.Json;
import io.toolgate.error.ToolNotFoundException;
import io.toolgate.hooks.Visibility;
import io.toolgate.registry.RegistrySnapshot;
import io.toolgate.search.Suggestions;
import io.toolgate.registry.ToolEntry;
import org.apache.camel.Exchange;

import java.util.List;
import java.util.function.Predicate;

/**
 * Exact, case-sensitive tool lookup shared by {@code get_tool_schema} and {@code execute_tool}. A tool the caller may
 * not see is not found, and suggestions come only from the tools the caller may see.
 */
final class ToolLookup {

    private ToolLookup() {
    }

    static ToolEntry find(RegistrySnapshot snapshot, String name, Visibility visibility, Exchange exchange) {
        ToolEntry t = snapshot.tool(name);
        if (t != null && visibility.of(exchange, snapshot, t.domain()).test(t)) {
            return t;
        }
        Predicate<ToolEntry> visible = visibility.of(exchange, snapshot, null);
        List<String> names = snapshot.tools().values().stream().filter(visible).map(ToolEntry::name).toList();
        List<String> suggestions = Suggestions.forName(name, names);
        ObjectNode details = Json.object();
        details.put("tool_name", name);
        details.set("suggestions", Json.array(suggestions));
        throw new ToolNotFoundException("Unknown tool '" + name + "'. " + Suggestions.hint(suggestions), details);
    }
}
