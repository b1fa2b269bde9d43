package io.toolgate.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.toolgate.error.MethodNotFoundException;
import io.toolgate.exchange.ExchangeProperties;
import io.toolgate.exchange.McpHeaders;
import io.toolgate.hooks.GatewayUser;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * {@code tasks/get}, {@code tasks/update} and {@code tasks/cancel} in route {@code mcp-tasks}: stateless requests of a
 * client that declared the tasks extension, about its own tasks only. A session's request for them is an unknown
 * method; a client without the extension gets {@code -32021}.
 */
public final class TasksProcessor implements Processor {

    private final Tasks tasks;

    public TasksProcessor(Tasks tasks) {
        this.tasks = tasks;
    }

    @Override
    public void process(Exchange exchange) {
        String method = exchange.getIn().getHeader(McpHeaders.METHOD, String.class);
        StatelessRequest request = exchange.getIn().getHeader(McpHeaders.STATELESS, StatelessRequest.class);
        if (request == null || !Tasks.METHODS.contains(method)) {
            throw new MethodNotFoundException("Method not found: " + method);
        }
        if (!Tasks.declared(request)) {
            throw Tasks.extensionMissing(null);
        }
        GatewayUser user = exchange.getProperty(ExchangeProperties.USER, GatewayUser.class);
        exchange.getIn().setBody(tasks.handle(method, McpRequests.params(exchange.getIn().getBody(JsonNode.class)),
                user == null ? null : user.subject()));
    }
}
