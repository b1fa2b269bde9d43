package io.toolgate.meta;

import io.toolgate.exchange.ExchangeProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.toolgate.json.Json;
import io.toolgate.error.ToolErrors;
import io.toolgate.exchange.McpHeaders;
import io.toolgate.json.ToolResults;
import io.toolgate.registry.ToolEntry;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.util.ArrayList;
import java.util.List;

/**
 * Last step of {@code execute_tool}. By default the upstream's result passes as it came: content blocks of every kind,
 * {@code structuredContent}, {@code isError}. With {@code GATEWAY_RESULT_ENVELOPE=true} it is the
 * text envelope instead: {@code {"tool","result"}}, or {@code upstream_error} when the upstream said isError.
 * A tool called directly (exposure {@code direct}) always answers the upstream's result: the envelope belongs to
 * {@code execute_tool}.
 */
public final class ExecuteResultProcessor implements Processor {

    private final boolean envelope;

    public ExecuteResultProcessor(boolean envelope) {
        this.envelope = envelope;
    }

    @Override
    public void process(Exchange exchange) {
        if (!envelope || exchange.getIn().getHeader(McpHeaders.DIRECT_TOOL) != null) {
            return;
        }
        ToolEntry tool = exchange.getProperty(ExchangeProperties.TOOL_ENTRY, ToolEntry.class);
        JsonNode result = exchange.getIn().getBody(JsonNode.class);
        List<String> parts = new ArrayList<>();
        for (JsonNode block : result.path("content")) {
            parts.add(block.has("text") ? block.path("text").asText() : Json.write(block));
        }
        String flattened = String.join("\n", parts);
        ObjectNode out;
        if (result.path("isError").asBoolean(false)) {
            ObjectNode details = Json.object();
            details.put("tool", tool.name());
            out = ToolResults.text(ToolErrors.body(flattened, "upstream_error", details), false);
        } else {
            ObjectNode envelopeBody = Json.object();
            envelopeBody.put("tool", tool.name());
            envelopeBody.put("result", flattened);
            out = ToolResults.text(Json.write(envelopeBody), false);
        }
        JsonNode structured = result.get("structuredContent");
        if (structured != null && structured.isObject()) {
            out.set("structuredContent", structured);
        }
        exchange.getIn().setBody(out);
    }
}
