package io.toolgate.registry;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What one refresh did to one domain: tools added, removed, and changed (same name, new description or schema), as
 * exposed names; the domain's tool count after it; whether pinning refused the change; or why listing failed.
 */
public record RefreshReport(String domain, List<String> added, List<String> removed, List<String> changed,
                            int toolCount, boolean refused, String error) {

    public boolean hasChanges() {
        return !added.isEmpty() || !removed.isEmpty() || !changed.isEmpty();
    }

    /** The difference a registry swap made to one domain's tools. */
    public static RefreshReport of(String domain, ToolRegistry.Swap swap, boolean refused, String error) {
        Map<String, ToolEntry> before = toolsOf(swap.before(), domain);
        Map<String, ToolEntry> after = toolsOf(swap.after(), domain);
        TreeSet<String> added = new TreeSet<>(after.keySet());
        added.removeAll(before.keySet());
        TreeSet<String> removed = new TreeSet<>(before.keySet());
        removed.removeAll(after.keySet());
        TreeSet<String> changed = new TreeSet<>();
        after.forEach((name, entry) -> {
            ToolEntry old = before.get(name);
            if (old != null && !SchemaDigest.line(old.tool()).equals(SchemaDigest.line(entry.tool()))) {
                changed.add(name);
            }
        });
        return new RefreshReport(domain, List.copyOf(added), List.copyOf(removed), List.copyOf(changed), after.size(),
                refused, error);
    }

    private static Map<String, ToolEntry> toolsOf(RegistrySnapshot s, String domain) {
        Map<String, ToolEntry> out = new HashMap<>();
        s.tools().values().stream().filter(t -> t.domain().equals(domain)).forEach(t -> out.put(t.name(), t));
        return out;
    }
}
