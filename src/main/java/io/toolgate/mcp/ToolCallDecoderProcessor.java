package io.toolgate.mcp;

import io.toolgate.exchange.McpHeaders;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.toolgate.json.Json;
import io.toolgate.error.McpProtocolException;
import io.toolgate.meta.MetaTools;
import io.toolgate.exchange.UpstreamHeaders;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.util.Set;

/**
 * Decodes {@code tools/call}. A meta-tool's name goes to header {@link McpHeaders#TOOL_NAME} (only known names pass,
 * so the route's choice never sees a caller-chosen value it does not expect); with exposure {@code direct} or
 * {@code auto} any other name goes to {@link McpHeaders#DIRECT_TOOL}, to be looked up in the registry (in {@code auto}
 * a meta-tool's name always means the meta-tool). The arguments become the body, {@code _meta} is kept for forwarding.
 */
public final class ToolCallDecoderProcessor implements Processor {

    private final Exposure exposure;

    private final Set<String> metaTools;

    /** @param codeMode whether {@code execute_code} is among the meta-tools */
    public ToolCallDecoderProcessor(Exposure exposure, boolean codeMode) {
        this.exposure = exposure;
        this.metaTools = MetaTools.names(codeMode);
    }

    @Override
    public void process(Exchange exchange) {
        ObjectNode params = McpRequests.params(exchange.getIn().getBody(JsonNode.class));
        JsonNode name = params.get("name");
        if (name == null || !name.isTextual()) {
            throw new McpProtocolException(McpProtocolException.INVALID_PARAMS, "Invalid params: 'name' must be a string");
        }
        boolean meta = exposure != Exposure.DIRECT && metaTools.contains(name.textValue());
        if (!meta && exposure == Exposure.META) {
            throw new McpProtocolException(McpProtocolException.INVALID_PARAMS, "Unknown tool: " + name.textValue());
        }
        JsonNode arguments = params.get("arguments");
        if (arguments != null && !arguments.isNull() && !arguments.isObject()) {
            throw new McpProtocolException(McpProtocolException.INVALID_PARAMS, "Invalid params: 'arguments' must be an object");
        }
        exchange.getIn().setHeader(meta ? McpHeaders.TOOL_NAME : McpHeaders.DIRECT_TOOL, name.textValue());
        JsonNode requestMeta = params.get("_meta");
        if (requestMeta != null && requestMeta.isObject()) {
            exchange.getIn().setHeader(UpstreamHeaders.META, requestMeta);
        }
        exchange.getIn().setBody(arguments == null || arguments.isNull() ? Json.object() : arguments);
    }
}
