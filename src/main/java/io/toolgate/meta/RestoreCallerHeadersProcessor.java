package io.toolgate.meta;

import io.toolgate.exchange.ExchangeProperties;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.util.Map;

/**
 * After the endpoint bound to a domain ran (or failed), puts back the message headers {@link UpstreamRequestProcessor}
 * set aside; whatever headers the endpoint answered with are dropped.
 */
public final class RestoreCallerHeadersProcessor implements Processor {

    @Override
    @SuppressWarnings("unchecked")
    public void process(Exchange exchange) {
        Map<String, Object> saved = exchange.getProperty(ExchangeProperties.CALLER_HEADERS, Map.class);
        if (saved != null) {
            exchange.getMessage().getHeaders().clear();
            exchange.getMessage().getHeaders().putAll(saved);
            exchange.removeProperty(ExchangeProperties.CALLER_HEADERS);
        }
    }
}
