package io.toolgate.health;

import io.toolgate.registry.ToolRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** {@code /readyz}: 503 until the first populate attempt has finished, whatever its outcome; then 200 (DECISIONS D9). */
public final class ReadinessProcessor implements Processor {

    private final ToolRegistry registry;

    public ReadinessProcessor(ToolRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void process(Exchange exchange) {
        boolean ready = registry.isPopulated();
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, ready ? 200 : 503);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody(ready ? "{\"status\":\"ready\"}" : "{\"status\":\"starting\"}");
    }
}
