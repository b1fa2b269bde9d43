package io.toolgate.mcp;

import io.toolgate.exchange.McpHeaders;
import com.fasterxml.jackson.databind.JsonNode;
import io.toolgate.json.Json;
import io.toolgate.error.McpProtocolException;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * {@code logging/setLevel}: the least severe {@code notifications/message} relayed to this session from now on. The
 * level is the gateway's filter; it is not sent upstream, where one session may serve many clients.
 */
public final class SetLevelProcessor implements Processor {

    private final ClientSessions sessions;

    public SetLevelProcessor(ClientSessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public void process(Exchange exchange) {
        JsonNode level = McpRequests.params(exchange.getIn().getBody(JsonNode.class)).get("level");
        ClientSession session = sessions.find(exchange.getIn().getHeader(McpHeaders.SESSION_ID, String.class));
        if (level == null || !level.isTextual() || session == null || !session.logLevel(level.textValue())) {
            throw new McpProtocolException(McpProtocolException.INVALID_PARAMS,
                    "Invalid params: 'level' must be one of " + ClientSession.LOG_LEVELS);
        }
        exchange.getIn().setBody(Json.object());
    }
}
