package io.toolgate.hooks;

import io.toolgate.exchange.ExchangeProperties;
import io.toolgate.exchange.McpHeaders;
import io.toolgate.registry.RegistrySnapshot;
import io.toolgate.registry.ToolEntry;
import org.apache.camel.Exchange;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which tools the caller of this request may see: the result of the {@code afterListTools} hooks for
 * the listing at hand. Every read path (discover, schema, search, suggestions, error details, execute) asks here.
 */
public final class Visibility {

    /** Every tool: what {@link #of} answers when no hook is configured. */
    public static final Predicate<ToolEntry> ALL = t -> true;
    private final HookChain hooks;

    public Visibility(HookChain hooks) {
        this.hooks = hooks;
    }

    /** The tools of {@code domain} (of every domain when {@code null}) this exchange's caller may see. */
    public Predicate<ToolEntry> of(Exchange exchange, RegistrySnapshot snapshot, String domain) {
        if (hooks.isEmpty()) {
            return ALL;
        }
        List<ToolEntry> tools = new ArrayList<>();
        if (domain == null) {
            tools.addAll(snapshot.tools().values());
        } else {
            snapshot.groups().getOrDefault(domain, Collections.emptyNavigableMap()).values().forEach(tools::addAll);
        }
        List<ToolEntry> visible = hooks.afterListTools(tools, new ListToolsContext(domain, headers(exchange), user(exchange)));
        Set<String> names = new HashSet<>();
        Set<String> offered = new HashSet<>();
        tools.forEach(t -> offered.add(t.name()));
        for (ToolEntry t : visible) {
            if (t != null && offered.contains(t.name())) {
                names.add(t.name());
            }
        }
        return t -> names.contains(t.name());
    }

    /** The user {@link HookProcessor} authenticated for this request, or {@code null}. */
    public static GatewayUser user(Exchange exchange) {
        return exchange.getProperty(ExchangeProperties.USER, GatewayUser.class);
    }

    @SuppressWarnings("unchecked")
    public static Map<String, String> headers(Exchange exchange) {
        return exchange.getIn().getHeader(McpHeaders.REQUEST_HEADERS, Map.of(), Map.class);
    }
}
