package io.toolgate.mcp;

import io.toolgate.exchange.McpHeaders;
import com.fasterxml.jackson.databind.JsonNode;
import io.toolgate.error.McpProtocolException;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one mapping from an exception caught in {@code mcp-dispatch} to a JSON-RPC error object: protocol exceptions keep
 * their code and message; anything else is logged and answered as an internal error without details.
 */
public final class JsonRpcErrorProcessor implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(JsonRpcErrorProcessor.class);

    @Override
    public void process(Exchange exchange) {
        Throwable e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        JsonNode id = exchange.getIn().getHeader(McpHeaders.RPC_ID, JsonNode.class);
        if (e instanceof McpProtocolException p) {
            exchange.getIn().setBody(JsonRpc.error(id, p));
        } else {
            LOG.error("Internal error handling {}", exchange.getIn().getHeader(McpHeaders.METHOD), e);
            exchange.getIn().setBody(JsonRpc.error(id, McpProtocolException.INTERNAL_ERROR, "Internal error"));
        }
    }
}
