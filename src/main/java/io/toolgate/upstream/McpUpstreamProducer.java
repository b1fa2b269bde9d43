package io.toolgate.upstream;

import io.toolgate.exchange.ExchangeProperties;
import io.toolgate.exchange.UpstreamHeaders;
import com.fasterxml.jackson.databind.JsonNode;
import io.toolgate.json.Json;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultProducer;

import java.util.Map;

/**
 * Sends {@code tools/list} or {@code tools/call} to the domain's upstream. {@code tools/list} answers with the list of
 * raw tool descriptors; {@code tools/call} with the upstream's raw {@code CallToolResult}.
 */
public class McpUpstreamProducer extends DefaultProducer {

    public McpUpstreamProducer(McpUpstreamEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    public McpUpstreamEndpoint getEndpoint() {
        return (McpUpstreamEndpoint) super.getEndpoint();
    }

    @Override
    @SuppressWarnings("unchecked")
    public void process(Exchange exchange) {
        UpstreamClients clients = exchange.getContext().getRegistry().findSingleByType(UpstreamClients.class);
        UpstreamClients.Upstream upstream = clients.upstream(getEndpoint().getDomain());
        Message in = exchange.getIn();
        String method = in.getHeader(UpstreamHeaders.METHOD, String.class);
        if (UpstreamHeaders.LIST_TOOLS.equals(method)) {
            in.setBody(upstream.discovery().listTools(upstream.discoveryHeaders()));
        } else if (UpstreamHeaders.CALL_TOOL.equals(method)) {
            Map<String, String> headers = exchange.getProperty(ExchangeProperties.OUTBOUND_HEADERS, Map.of(), Map.class);
            JsonNode arguments = in.getBody() instanceof JsonNode node ? node : Json.MAPPER.valueToTree(in.getBody());
            in.setBody(upstream.client().callTool(in.getHeader(UpstreamHeaders.TOOL, String.class), arguments,
                    in.getHeader(UpstreamHeaders.META, JsonNode.class), headers,
                    exchange.getProperty(ExchangeProperties.LISTENER, UpstreamListener.class)));
        } else {
            throw new IllegalArgumentException("Unsupported " + UpstreamHeaders.METHOD + ": " + method);
        }
    }
}
