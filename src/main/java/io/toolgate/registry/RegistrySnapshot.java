package io.toolgate.registry;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An immutable view of the whole registry. Readers take the current snapshot and never lock; writers build a new one
 * and swap it in {@link ToolRegistry}. Tool names are assigned here from every domain at once, so naming never
 * depends on the order in which upstreams answered.
 */
public final class RegistrySnapshot {

    private static final Logger LOG = LoggerFactory.getLogger(RegistrySnapshot.class);

    private final List<DomainState> domains;
    private final Map<String, DomainState> domainsByName;
    private final NavigableMap<String, ToolEntry> tools;
    private final Map<String, NavigableMap<String, List<ToolEntry>>> groups;
    private final Map<String, List<RejectedTool>> conflicts;
    private final String instructions;
    private final Map<String, ArgumentValidator> argumentValidators = new ConcurrentHashMap<>();

    private RegistrySnapshot(List<DomainState> domains, NavigableMap<String, ToolEntry> tools,
                             Map<String, List<RejectedTool>> conflicts, String customInstructions) {
        this.domains = List.copyOf(domains);
        Map<String, DomainState> byName = new LinkedHashMap<>();
        domains.forEach(d -> byName.put(d.name(), d));
        this.domainsByName = Collections.unmodifiableMap(byName);
        this.tools = Collections.unmodifiableNavigableMap(tools);
        Map<String, NavigableMap<String, List<ToolEntry>>> g = new TreeMap<>();
        for (ToolEntry t : tools.values()) {
            g.computeIfAbsent(t.domain(), k -> new TreeMap<>()).computeIfAbsent(t.group(), k -> new ArrayList<>()).add(t);
        }
        this.groups = Collections.unmodifiableMap(g);
        this.conflicts = Collections.unmodifiableMap(conflicts);
        this.instructions = customInstructions != null && !customInstructions.isBlank()
                ? customInstructions : Instructions.build(this);
    }

    public static RegistrySnapshot build(List<DomainState> domains, ToolNaming naming, String customInstructions) {
        Map<String, Integer> bareCounts = new HashMap<>();
        for (DomainState d : domains) {
            if (d.catalog() != null) {
                d.catalog().tools().forEach(t -> bareCounts.merge(t.name(), 1, Integer::sum));
            }
        }
        List<DomainState> byName = new ArrayList<>(domains);
        byName.sort((a, b) -> a.name().compareTo(b.name()));
        NavigableMap<String, ToolEntry> tools = new TreeMap<>();
        Map<String, List<RejectedTool>> conflicts = new HashMap<>();
        for (DomainState d : byName) {
            if (d.catalog() == null) {
                continue;
            }
            for (UpstreamTool t : d.catalog().tools()) {
                boolean prefix = naming == ToolNaming.PREFIXED || bareCounts.get(t.name()) > 1;
                String exposed = prefix ? ToolNaming.prefixed(d.name(), t.name()) : t.name();
                String reason = null;
                if (!ToolNaming.isValidName(exposed)) {
                    reason = "invalid_name: exposed name '" + exposed + "' is not a valid MCP tool name";
                } else if (tools.containsKey(exposed)) {
                    reason = "name_conflict: '" + exposed + "' is already exposed by domain '"
                            + tools.get(exposed).domain() + "'";
                }
                if (reason != null) {
                    LOG.warn("Rejected tool: domain={} name={} reason={}", d.name(), t.name(), reason);
                    conflicts.computeIfAbsent(d.name(), k -> new ArrayList<>()).add(new RejectedTool(d.name(), t.name(), reason));
                    continue;
                }
                tools.put(exposed, new ToolEntry(exposed, d.name(), ToolNaming.group(d.name(), t.name()), t));
            }
        }
        return new RegistrySnapshot(domains, tools, conflicts, customInstructions);
    }

    /** Configured domains in configuration order, with or without tools. */
    public List<DomainState> domains() {
        return domains;
    }

    public DomainState domain(String name) {
        return domainsByName.get(name);
    }

    /** Every exposed tool, by name. */
    public NavigableMap<String, ToolEntry> tools() {
        return tools;
    }

    public ToolEntry tool(String name) {
        return tools.get(name);
    }

    /** Domain → group → tools (sorted by name), for domains with at least one tool. */
    public Map<String, NavigableMap<String, List<ToolEntry>>> groups() {
        return groups;
    }

    public boolean hasDomain(String name) {
        return groups.containsKey(name);
    }

    /** Tools of a domain the registry did not expose, from ingest and from naming. */
    public List<RejectedTool> rejected(String domain) {
        DomainState d = domainsByName.get(domain);
        List<RejectedTool> all = new ArrayList<>();
        if (d != null && d.catalog() != null) {
            all.addAll(d.catalog().rejected());
        }
        all.addAll(conflicts.getOrDefault(domain, List.of()));
        return all;
    }

    /**
     * The argument check of {@code tool}, compiled on its first call and kept with this snapshot. An entry of an older
     * snapshot (a call that began before a refresh) gets a check compiled for that call alone.
     */
    public ArgumentValidator argumentValidator(ToolEntry tool) {
        if (tools.get(tool.name()) != tool) {
            return ArgumentValidator.compile(tool.name(), tool.schema());
        }
        return argumentValidators.computeIfAbsent(tool.name(), name -> ArgumentValidator.compile(name, tool.schema()));
    }

    /** The {@code instructions} a new MCP session receives. */
    public String instructions() {
        return instructions;
    }
}
