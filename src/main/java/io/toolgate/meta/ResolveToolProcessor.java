package io.toolgate.meta;

import com.fasterxml.jackson.databind.JsonNode;
import io.toolgate.Json;
import io.toolgate.hooks.Visibility;
import io.toolgate.registry.ToolRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * First step of {@code execute_tool}: checks the meta-tool arguments, finds the tool (or answers
 * {@code tool_not_found} with suggestions, without contacting any upstream), keeps it in the exchange property
 * {@link #TOOL_ENTRY} and leaves the tool's own arguments as the body.
 */
public final class ResolveToolProcessor implements Processor {

    /** Exchange property holding the {@link io.toolgate.registry.ToolEntry} being executed. */
    public static final String TOOL_ENTRY = "ToolgateToolEntry";
    private final ToolRegistry registry;
    private final Visibility visibility;

    public ResolveToolProcessor(ToolRegistry registry, Visibility visibility) {
        this.registry = registry;
        this.visibility = visibility;
    }

    @Override
    public void process(Exchange exchange) {
        JsonNode args = exchange.getIn().getBody(JsonNode.class);
        MetaTools.check(MetaTools.EXECUTE_TOOL, args);
        exchange.setProperty(TOOL_ENTRY,
                ToolLookup.find(registry.snapshot(), args.get("tool_name").textValue(), visibility, exchange));
        JsonNode arguments = args.get("arguments");
        exchange.getIn().setBody(arguments == null || arguments.isNull() ? Json.object() : arguments);
    }
}
