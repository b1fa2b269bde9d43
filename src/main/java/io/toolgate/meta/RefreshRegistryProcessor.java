package io.toolgate.meta;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.toolgate.json.Json;
import io.toolgate.json.ToolResults;
import io.toolgate.registry.RefreshReport;
import io.toolgate.registry.RegistrySnapshot;
import io.toolgate.registry.RejectedTool;
import io.toolgate.registry.ToolRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.util.List;

/**
 * Renders the reports of {@code registry-refresh} as the {@code refresh_registry} result:
 * {@code {"refreshed":[{"domain","added","removed","changed","tool_count"}…]}}, in configuration order, with
 * {@code refused: true}, {@code error} and {@code rejected} only where they apply.
 */
public final class RefreshRegistryProcessor implements Processor {

    private final ToolRegistry registry;

    public RefreshRegistryProcessor(ToolRegistry registry) {
        this.registry = registry;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void process(Exchange exchange) {
        List<RefreshReport> reports = exchange.getIn().getBody(List.class);
        RegistrySnapshot s = registry.snapshot();
        ObjectNode out = Json.object();
        ArrayNode refreshed = out.putArray("refreshed");
        for (RefreshReport r : reports) {
            ObjectNode item = refreshed.addObject();
            item.put("domain", r.domain());
            item.set("added", Json.array(r.added()));
            item.set("removed", Json.array(r.removed()));
            item.set("changed", Json.array(r.changed()));
            item.put("tool_count", r.toolCount());
            if (r.refused()) {
                item.put("refused", true);
            }
            if (r.error() != null) {
                item.put("error", r.error());
            }
            List<RejectedTool> rejected = s.rejected(r.domain());
            if (!rejected.isEmpty()) {
                ArrayNode list = item.putArray("rejected");
                rejected.forEach(t -> list.addObject().put("name", t.name()).put("reason", t.reason()));
            }
        }
        exchange.getIn().setBody(ToolResults.json(out));
    }
}
