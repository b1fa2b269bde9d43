package io.toolgate.meta;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Last step of a {@code doCatch} that only observes a failure (the on-error hooks around the upstream call): throws
 * the exception the route caught again, so that it goes on to the route's caller ({@code mcp-tools-call} answers it
 * as a tool error).
 */
public final class RethrowProcessor implements Processor {

    @Override
    public void process(Exchange exchange) throws Exception {
        Exception caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        throw caught != null ? caught : new IllegalStateException("upstream call failed");
    }
}
