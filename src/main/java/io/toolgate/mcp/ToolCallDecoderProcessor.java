package io.toolgate.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.toolgate.Json;
import io.toolgate.error.McpProtocolException;
import io.toolgate.meta.MetaTools;
import io.toolgate.upstream.UpstreamHeaders;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Decodes {@code tools/call}: the meta-tool's name goes to a header (only known names pass, so the route's choice never
 * sees a caller-chosen value it does not expect), its arguments become the body, {@code _meta} is kept for forwarding.
 */
public final class ToolCallDecoderProcessor implements Processor {

    @Override
    public void process(Exchange exchange) {
        ObjectNode params = McpRequests.params(exchange.getIn().getBody(JsonNode.class));
        JsonNode name = params.get("name");
        if (name == null || !name.isTextual()) {
            throw new McpProtocolException(McpProtocolException.INVALID_PARAMS, "Invalid params: 'name' must be a string");
        }
        if (!MetaTools.NAMES.contains(name.textValue())) {
            throw new McpProtocolException(McpProtocolException.INVALID_PARAMS, "Unknown tool: " + name.textValue());
        }
        JsonNode arguments = params.get("arguments");
        if (arguments != null && !arguments.isNull() && !arguments.isObject()) {
            throw new McpProtocolException(McpProtocolException.INVALID_PARAMS, "Invalid params: 'arguments' must be an object");
        }
        exchange.getIn().setHeader(McpExchange.TOOL_NAME, name.textValue());
        JsonNode meta = params.get("_meta");
        if (meta != null && meta.isObject()) {
            exchange.getIn().setHeader(UpstreamHeaders.META, meta);
        }
        exchange.getIn().setBody(arguments == null || arguments.isNull() ? Json.object() : arguments);
    }
}
