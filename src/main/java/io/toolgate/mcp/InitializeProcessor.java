package io.toolgate.mcp;

import io.modelcontextprotocol.spec.McpSchema;
import io.toolgate.Json;
import io.toolgate.registry.ToolRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * {@code initialize}: negotiates the protocol version, opens a session and answers with the gateway's capabilities
 * and the registry's current instructions.
 */
public final class InitializeProcessor implements Processor {

    private final McpSessions sessions;
    private final ToolRegistry registry;
    private final McpSchema.Implementation serverInfo;

    public InitializeProcessor(McpSessions sessions, ToolRegistry registry, String name, String version) {
        this.sessions = sessions;
        this.registry = registry;
        this.serverInfo = new McpSchema.Implementation(name, version);
    }

    @Override
    public void process(Exchange exchange) {
        String requested = McpRequests.params(exchange.getIn().getBody(com.fasterxml.jackson.databind.JsonNode.class))
                .path("protocolVersion").asText(null);
        String version = McpProtocol.negotiate(requested);
        McpSessions.McpSession session = sessions.create(version);
        McpSchema.InitializeResult result = new McpSchema.InitializeResult(version,
                McpSchema.ServerCapabilities.builder().tools(false).build(), serverInfo,
                registry.snapshot().instructions());
        exchange.getIn().setHeader(McpExchange.NEW_SESSION_ID, session.id());
        exchange.getIn().setBody(Json.MAPPER.valueToTree(result));
    }
}
