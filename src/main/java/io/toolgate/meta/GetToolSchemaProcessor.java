package io.toolgate.meta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.toolgate.json.Json;
import io.toolgate.hooks.Visibility;
import io.toolgate.json.ToolResults;
import io.toolgate.registry.ToolEntry;
import io.toolgate.registry.ToolRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * {@code get_tool_schema}: exact lookup; answers name, domain, group, description and the normalized parameter schema,
 * plus the upstream's {@code title}, {@code annotations}, {@code outputSchema} and {@code icons} when it sent them.
 */
public final class GetToolSchemaProcessor implements Processor {

    private static final String[] PASSTHROUGH = {"title", "annotations", "outputSchema", "icons"};
    private final ToolRegistry registry;
    private final Visibility visibility;

    public GetToolSchemaProcessor(ToolRegistry registry, Visibility visibility) {
        this.registry = registry;
        this.visibility = visibility;
    }

    @Override
    public void process(Exchange exchange) {
        JsonNode args = exchange.getIn().getBody(JsonNode.class);
        MetaTools.check(MetaTools.GET_TOOL_SCHEMA, args);
        ToolEntry t = ToolLookup.find(registry.snapshot(), args.get("tool_name").textValue(), visibility, exchange);
        ObjectNode out = Json.object();
        out.put("name", t.name());
        out.put("domain", t.domain());
        out.put("group", t.group());
        out.put("description", t.description());
        out.set("parameters", t.schema());
        for (String field : PASSTHROUGH) {
            JsonNode v = t.tool().descriptor().get(field);
            if (v != null && !v.isNull()) {
                out.set(field, v);
            }
        }
        exchange.getIn().setBody(ToolResults.json(out));
    }
}
