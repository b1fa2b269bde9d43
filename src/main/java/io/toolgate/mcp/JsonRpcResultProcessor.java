package io.toolgate.mcp;

import io.toolgate.exchange.McpHeaders;
import com.fasterxml.jackson.databind.JsonNode;
import io.toolgate.json.Json;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** Wraps the route's result (an empty object when there is none) into the JSON-RPC response for the request. */
public final class JsonRpcResultProcessor implements Processor {

    @Override
    public void process(Exchange exchange) {
        Object body = exchange.getIn().getBody();
        JsonNode result = body instanceof JsonNode node ? node : Json.object();
        exchange.getIn().setBody(JsonRpc.result(exchange.getIn().getHeader(McpHeaders.RPC_ID, JsonNode.class), result));
    }
}
