package io.toolgate.meta;

import io.toolgate.exchange.ExchangeProperties;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.toolgate.json.Json;
import io.toolgate.error.ExecutionErrorException;
import io.toolgate.error.GatewayException;
import io.toolgate.error.ToolErrors;
import io.toolgate.registry.ToolEntry;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one mapping from an exception in a meta-tool route to the caller's tool result ({@code isError: true}, JSON body
 * {@code {"error","code","details"}}). A failure while calling an upstream becomes {@code execution_error} with the
 * fixed message; the upstream's own error text is logged, never shown.
 */
public final class ToolFailureProcessor implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(ToolFailureProcessor.class);

    @Override
    public void process(Exchange exchange) {
        Throwable e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        GatewayException failure;
        if (e instanceof GatewayException g) {
            failure = g;
        } else {
            ToolEntry tool = exchange.getProperty(ExchangeProperties.TOOL_ENTRY, ToolEntry.class);
            if (tool != null) {
                LOG.warn("Tool '{}' failed on upstream '{}': {}", tool.name(), tool.domain(), e == null ? "?" : e.getMessage());
                ObjectNode details = Json.object();
                details.put("tool", tool.name());
                details.put("domain", tool.domain());
                failure = new ExecutionErrorException("Tool '" + tool.name() + "' failed: upstream server '" + tool.domain()
                        + "' returned an error. Other domains may still be available.", details, e);
            } else {
                LOG.error("Meta-tool {} failed", exchange.getIn().getHeader("ToolgateMetaTool"), e);
                failure = new GatewayException("internal_error", "The gateway failed to handle this call.", null);
            }
        }
        exchange.setProperty(ExchangeProperties.ERROR_CODE, failure.code());
        exchange.getIn().setBody(ToolErrors.toolResult(failure));
    }
}
