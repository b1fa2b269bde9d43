package io.toolgate.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.toolgate.json.Json;
import io.toolgate.hooks.Visibility;
import io.toolgate.meta.MetaTools;
import io.toolgate.registry.RegistrySnapshot;
import io.toolgate.registry.ToolEntry;
import io.toolgate.registry.ToolRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.util.List;

/**
 * {@code tools/list}: the meta-tools, or (exposure {@code direct}, or {@code auto} under the limit) every upstream tool
 * the caller may see, as its upstream described it (title, annotations, outputSchema, icons, {@code _meta} and any
 * field the gateway does not know) under its exposed name with its sanitized description.
 */
public final class ToolsListProcessor implements Processor {

    private final ObjectNode metaTools;
    private final ToolRegistry registry;
    private final Visibility visibility;
    private final Exposure exposure;
    private final int directMaxTools;

    /** @param codeMode whether {@code execute_code} is among the meta-tools */
    public ToolsListProcessor(ToolRegistry registry, Visibility visibility, Exposure exposure, int directMaxTools,
                              boolean codeMode) {
        this.registry = registry;
        this.visibility = visibility;
        this.exposure = exposure;
        this.directMaxTools = directMaxTools;
        this.metaTools = Json.object();
        metaTools.set("tools", Json.MAPPER.valueToTree(MetaTools.definitions(codeMode)));
    }

    @Override
    public void process(Exchange exchange) {
        if (exposure == Exposure.META) {
            exchange.getIn().setBody(metaTools.deepCopy());
            return;
        }
        RegistrySnapshot snapshot = registry.snapshot();
        List<ToolEntry> visible = snapshot.tools().values().stream()
                .filter(visibility.of(exchange, snapshot, null)).toList();
        if (exposure == Exposure.AUTO && visible.size() > directMaxTools) {
            exchange.getIn().setBody(metaTools.deepCopy());
            return;
        }
        ObjectNode result = Json.object();
        ArrayNode tools = result.putArray("tools");
        visible.forEach(t -> tools.add(descriptor(t)));
        exchange.getIn().setBody(result);
    }

    /** The upstream's descriptor under the exposed name; a root schema without {@code type} gets {@code object}. */
    static ObjectNode descriptor(ToolEntry t) {
        ObjectNode d = t.tool().descriptor().deepCopy();
        d.put("name", t.name());
        if (d.path("description").isTextual()) {
            d.put("description", t.description());
        }
        JsonNode schema = d.get("inputSchema");
        if (schema == null || !schema.isObject()) {
            d.set("inputSchema", t.schema());
        } else if (!schema.has("type")) {
            ((ObjectNode) schema).put("type", "object");
        }
        return d;
    }
}
