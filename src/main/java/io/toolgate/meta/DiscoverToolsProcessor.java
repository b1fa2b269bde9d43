package io.toolgate.meta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.toolgate.json.Json;
import io.toolgate.error.DomainNotFoundException;
import io.toolgate.error.DomainUnavailableException;
import io.toolgate.error.GroupNotFoundException;
import io.toolgate.hooks.Visibility;
import io.toolgate.exchange.McpHeaders;
import io.toolgate.json.ToolResults;
import io.toolgate.registry.DomainState;
import io.toolgate.registry.RegistrySnapshot;
import io.toolgate.registry.Signatures;
import io.toolgate.registry.ToolEntry;
import io.toolgate.registry.ToolRegistry;
import io.toolgate.search.Ranking;
import io.toolgate.search.ToolSearch;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * {@code discover_tools}: search mode when {@code query} has words, else summary mode without {@code domain}, else
 * group mode with {@code group}, else domain mode; ranked, limited and compacted as the README's search section says.
 */
public final class DiscoverToolsProcessor implements Processor {

    /** Results of search mode unless {@code limit} says otherwise. */
    public static final int DEFAULT_LIMIT = 10;
    /** The most results search mode returns, whatever {@code limit} says. */
    public static final int MAX_LIMIT = 50;
    /** Characters of a description shown in search results; {@code get_tool_schema} has all of it. */
    public static final int DESCRIPTION_CHARS = 200;
    private final ToolRegistry registry;
    private final Visibility visibility;
    private final ToolSearch search;

    public DiscoverToolsProcessor(ToolRegistry registry, Visibility visibility, ToolSearch search) {
        this.registry = registry;
        this.visibility = visibility;
        this.search = search;
    }

    @Override
    public void process(Exchange exchange) {
        JsonNode args = exchange.getIn().getBody(JsonNode.class);
        MetaTools.check(MetaTools.DISCOVER_TOOLS, args);
        String domain = MetaTools.string(args, "domain");
        String group = MetaTools.string(args, "group");
        String query = MetaTools.string(args, "query");
        boolean signatures = "signatures".equals(MetaTools.string(args, "format"));
        int limit = args.path("limit").isNumber() ? Math.max(1, Math.min(MAX_LIMIT, args.path("limit").asInt())) : DEFAULT_LIMIT;
        RegistrySnapshot s = registry.snapshot();

        if (query != null && !query.isBlank()) {
            Ranking.Result found = search.search(query, limit, visibility.of(exchange, s, null),
                    exchange.getIn().getHeader(McpHeaders.SESSION_ID, String.class));
            if (signatures) {
                exchange.getIn().setBody(ToolResults.text(Signatures.render(found.tools()), false));
                return;
            }
            ObjectNode out = Json.object();
            out.put("query", query);
            ArrayNode results = out.putArray("results");
            for (ToolEntry t : found.tools()) {
                results.addObject().put("name", t.name()).put("domain", t.domain()).put("group", t.group())
                        .put("description", shortened(t.description()));
            }
            out.put("total_matches", found.total());
            exchange.getIn().setBody(ToolResults.json(out));
            return;
        }
        if (domain == null) {
            Predicate<ToolEntry> visible = visibility.of(exchange, s, null);
            exchange.getIn().setBody(ToolResults.json(summary(s, visibleGroups(s.groups(), visible))));
            return;
        }
        NavigableMap<String, List<ToolEntry>> groups = s.hasDomain(domain)
                ? visibleGroups(Map.of(domain, s.groups().get(domain)), visibility.of(exchange, s, domain)).get(domain)
                : null;
        if (groups == null) {
            Collection<String> available = visibleGroups(s.groups(), visibility.of(exchange, s, null)).keySet();
            DomainState d = s.domain(domain);
            if (d != null && d.catalog() == null) {
                throw domainUnavailable(d, available);
            }
            throw domainNotFound(domain, available);
        }
        List<ToolEntry> tools;
        if (group != null) {
            tools = groups.get(group);
            if (tools == null) {
                ObjectNode details = Json.object();
                details.put("domain", domain).put("group", group);
                details.set("available_groups", Json.array(groups.keySet()));
                throw new GroupNotFoundException("Unknown group '" + group + "' in domain '" + domain
                        + "'. Available groups: " + String.join(", ", groups.keySet()), details);
            }
        } else {
            tools = new ArrayList<>();
            groups.values().forEach(tools::addAll);
            tools.sort((a, b) -> a.name().compareTo(b.name()));
        }
        if (signatures) {
            exchange.getIn().setBody(ToolResults.text(Signatures.render(tools), false));
            return;
        }
        ObjectNode out = Json.object();
        out.put("domain", domain);
        if (group != null) {
            out.put("group", group);
        }
        ArrayNode items = out.putArray("tools");
        for (ToolEntry t : tools) {
            ObjectNode item = items.addObject().put("name", t.name());
            if (group == null) {
                item.put("group", t.group());
            }
            item.put("description", t.description());
        }
        exchange.getIn().setBody(ToolResults.json(out));
    }

    /** The description cut at a word boundary near {@link #DESCRIPTION_CHARS}, marked with an ellipsis. */
    static String shortened(String description) {
        if (description.length() <= DESCRIPTION_CHARS) {
            return description;
        }
        int cut = description.lastIndexOf(' ', DESCRIPTION_CHARS);
        return description.substring(0, cut > DESCRIPTION_CHARS / 2 ? cut : DESCRIPTION_CHARS).stripTrailing() + "…";
    }

    /** Domain → group → tools, keeping only visible tools and the groups and domains that have any. */
    private static Map<String, NavigableMap<String, List<ToolEntry>>> visibleGroups(
            Map<String, NavigableMap<String, List<ToolEntry>>> all, Predicate<ToolEntry> visible) {
        if (visible == Visibility.ALL) {
            return all;
        }
        Map<String, NavigableMap<String, List<ToolEntry>>> out = new TreeMap<>();
        all.forEach((domain, groups) -> groups.forEach((group, tools) -> {
            List<ToolEntry> kept = tools.stream().filter(visible).toList();
            if (!kept.isEmpty()) {
                out.computeIfAbsent(domain, k -> new TreeMap<>()).put(group, kept);
            }
        }));
        return out;
    }

    private static ObjectNode summary(RegistrySnapshot s, Map<String, NavigableMap<String, List<ToolEntry>>> groups) {
        ObjectNode out = Json.object();
        ArrayNode domains = out.putArray("domains");
        int total = 0;
        for (Map.Entry<String, NavigableMap<String, List<ToolEntry>>> e : groups.entrySet()) {
            int count = e.getValue().values().stream().mapToInt(List::size).sum();
            total += count;
            DomainState d = s.domain(e.getKey());
            ObjectNode item = domains.addObject();
            item.put("name", e.getKey());
            item.put("description", d == null || d.description() == null ? "" : d.description());
            item.put("tool_count", count);
            item.set("groups", Json.array(e.getValue().keySet()));
        }
        out.put("total_tools", total);
        return out;
    }

    /** The upstream's own error is logged for operators, never shown to the model. */
    private static DomainUnavailableException domainUnavailable(DomainState d, Collection<String> available) {
        ObjectNode details = Json.object();
        details.put("domain", d.name());
        details.put("state", d.lastError() == null ? "starting" : "down");
        details.set("available_domains", Json.array(available));
        String message = "Domain '" + d.name() + "' is unavailable right now: its server has not answered the gateway. "
                + "Retry later" + (available.isEmpty() ? "." : ", or use another domain: " + String.join(", ", available));
        return new DomainUnavailableException(message, details);
    }

    private static DomainNotFoundException domainNotFound(String domain, Collection<String> available) {
        ObjectNode details = Json.object();
        details.put("domain", domain);
        details.set("available_domains", Json.array(available));
        String message = available.isEmpty()
                ? "Unknown domain '" + domain + "'. No domains are registered."
                : "Unknown domain '" + domain + "'. Available domains: " + String.join(", ", available);
        return new DomainNotFoundException(message, details);
    }
}
