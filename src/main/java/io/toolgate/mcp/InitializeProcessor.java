package io.toolgate.mcp;

import io.toolgate.error.McpProtocolException;
import io.toolgate.exchange.ExchangeProperties;
import io.toolgate.exchange.McpHeaders;
import io.toolgate.hooks.GatewayUser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.toolgate.json.Json;
import io.toolgate.registry.ToolRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * {@code initialize}: negotiates the protocol version, opens a session (remembering what the client declared, so
 * upstreams' sampling and elicitation requests are relayed only to clients that support them) and answers with the
 * gateway's capabilities and the registry's current instructions.
 */
public final class InitializeProcessor implements Processor {

    private final ClientSessions sessions;
    private final ToolRegistry registry;
    private final ObjectNode serverInfo;
    private final ObjectNode capabilities;

    public InitializeProcessor(ClientSessions sessions, ToolRegistry registry, String name, String version,
                               Exposure exposure) {
        this.sessions = sessions;
        this.registry = registry;
        this.serverInfo = Json.object().put("name", name).put("version", version);
        this.capabilities = McpProtocol.capabilities(exposure);
    }

    @Override
    public void process(Exchange exchange) {
        ObjectNode params = McpRequests.params(exchange.getIn().getBody(JsonNode.class));
        JsonNode requested = params.get("protocolVersion");
        if (requested == null || !requested.isTextual()) {
            throw new McpProtocolException(McpProtocolException.INVALID_PARAMS,
                    "Invalid params: protocolVersion must be a string");
        }
        String version = McpProtocol.negotiate(requested.textValue());
        GatewayUser user = exchange.getProperty(ExchangeProperties.USER, GatewayUser.class);
        ClientSession session = sessions.create(version, params.get("capabilities"), user == null ? null : user.subject());
        ObjectNode result = Json.object();
        result.put("protocolVersion", version);
        result.set("capabilities", capabilities.deepCopy());
        result.set("serverInfo", serverInfo.deepCopy());
        String instructions = registry.snapshot().instructions();
        if (instructions != null) {
            result.put("instructions", instructions);
        }
        exchange.getIn().setHeader(McpHeaders.NEW_SESSION_ID, session.id());
        exchange.getIn().setBody(result);
    }
}
