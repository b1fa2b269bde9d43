package io.toolgate.meta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.toolgate.json.Json;
import io.toolgate.json.ToolResults;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Turns whatever the bound endpoint answered into a {@code CallToolResult}: an object with a {@code content} array is
 * one already and passes as it came; text becomes a text block; any other value becomes JSON text, and an object also
 * becomes {@code structuredContent}.
 */
public final class UpstreamResultProcessor implements Processor {

    @Override
    public void process(Exchange exchange) {
        Object body = exchange.getIn().getBody();
        if (body instanceof String text) {
            exchange.getIn().setBody(ToolResults.text(text, false));
            return;
        }
        JsonNode node = body == null ? null : (body instanceof JsonNode n ? n : Json.MAPPER.valueToTree(body));
        if (node == null || node.isNull()) {
            ObjectNode empty = Json.object();
            empty.putArray("content");
            exchange.getIn().setBody(empty);
        } else if (node.isObject() && node.path("content").isArray()) {
            exchange.getIn().setBody(node);
        } else {
            ObjectNode result = ToolResults.text(node.isTextual() ? node.textValue() : Json.write(node), false);
            if (node.isObject()) {
                result.set("structuredContent", node);
            }
            exchange.getIn().setBody(result);
        }
    }
}
