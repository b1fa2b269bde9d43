package io.toolgate.meta;

import io.toolgate.exchange.ExchangeProperties;
import com.fasterxml.jackson.databind.JsonNode;
import io.toolgate.json.Json;
import io.toolgate.hooks.Visibility;
import io.toolgate.exchange.McpHeaders;
import io.toolgate.registry.ToolRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * First step of executing a tool: finds it (or answers {@code tool_not_found} with suggestions, without contacting any
 * upstream) and keeps it in the exchange property {@link ExchangeProperties#TOOL_ENTRY}, leaving the tool's own arguments as the body.
 * For {@code execute_tool} the name and arguments come from the meta-tool's arguments; for a direct call the name is
 * in header {@link McpHeaders#DIRECT_TOOL} and the body already holds the arguments.
 */
public final class ResolveToolProcessor implements Processor {

    /** Exchange property holding the {@link io.toolgate.registry.ToolEntry} being executed. */
    private final ToolRegistry registry;
    private final Visibility visibility;
    private final boolean direct;

    public ResolveToolProcessor(ToolRegistry registry, Visibility visibility, boolean direct) {
        this.registry = registry;
        this.visibility = visibility;
        this.direct = direct;
    }

    @Override
    public void process(Exchange exchange) {
        if (direct) {
            exchange.setProperty(ExchangeProperties.TOOL_ENTRY, ToolLookup.find(registry.snapshot(),
                    exchange.getIn().getHeader(McpHeaders.DIRECT_TOOL, String.class), visibility, exchange));
            return;
        }
        JsonNode args = exchange.getIn().getBody(JsonNode.class);
        MetaTools.check(MetaTools.EXECUTE_TOOL, args);
        exchange.setProperty(ExchangeProperties.TOOL_ENTRY,
                ToolLookup.find(registry.snapshot(), args.get("tool_name").textValue(), visibility, exchange));
        JsonNode arguments = args.get("arguments");
        exchange.getIn().setBody(arguments == null || arguments.isNull() ? Json.object() : arguments);
    }
}
