package io.toolgate.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.toolgate.exchange.ExchangeProperties;
import io.toolgate.exchange.McpHeaders;
import io.toolgate.json.Json;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * {@code subscriptions/listen} in route {@code mcp-subscriptions-listen}: subscribes, through
 * {@code mcp-resources-subscribe}, every resource the listen request names in
 * {@code notifications.resourceSubscriptions}, one after the other; the first failure ends the request with its error.
 * Answers an empty result; the MCP entry then opens the stream.
 */
public final class ListenSubscriptionsProcessor implements Processor {

    private final ProducerTemplate template;
    private final Endpoint subscribe;

    public ListenSubscriptionsProcessor(ProducerTemplate template) {
        this.template = template;
        this.subscribe = template.getCamelContext().getEndpoint("direct:mcp-resources-subscribe");
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Set<String> uris = new LinkedHashSet<>();
        McpRequests.params(exchange.getIn().getBody(JsonNode.class)).path("notifications")
                .path("resourceSubscriptions").forEach(uri -> uris.add(uri.asText()));
        for (String uri : uris) {
            ObjectNode request = Json.object().put("jsonrpc", "2.0").put("method", "resources/subscribe");
            request.putObject("params").put("uri", uri);
            Exception failed = template.request(subscribe, e -> {
                e.getIn().setBody(request);
                e.getIn().setHeader(McpHeaders.REQUEST_HEADERS, exchange.getIn().getHeader(McpHeaders.REQUEST_HEADERS));
                Object user = exchange.getProperty(ExchangeProperties.USER);
                if (user != null) {
                    e.setProperty(ExchangeProperties.USER, user);
                }
            }).getException();
            if (failed != null) {
                throw failed;
            }
        }
        exchange.getIn().setBody(Json.object());
    }
}
