package io.toolgate.health;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.toolgate.json.Json;
import io.toolgate.registry.ToolRegistry;
import io.toolgate.search.ToolSearch;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.util.function.BooleanSupplier;

/**
 * {@code /readyz}: 503 until the first populate attempt has finished, whatever its outcome, and (with code mode on)
 * a code-mode worker has warmed up, so the first {@code execute_code} does not wait for a worker's start; then 200.
 * The body also tells how far search is: its mode, the tools, and how many of them have a vector (search works
 * lexically for the others, so this never holds readiness back).
 */
public final class ReadinessProcessor implements Processor {

    private final ToolRegistry registry;
    private final ToolSearch search;
    private final BooleanSupplier codeModeReady;

    /** @param codeModeReady true once code mode can run code at once (always true with code mode off) */
    public ReadinessProcessor(ToolRegistry registry, ToolSearch search, BooleanSupplier codeModeReady) {
        this.registry = registry;
        this.search = search;
        this.codeModeReady = codeModeReady;
    }

    @Override
    public void process(Exchange exchange) {
        boolean ready = registry.isPopulated() && codeModeReady.getAsBoolean();
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, ready ? 200 : 503);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        ObjectNode body = Json.object();
        body.put("status", ready ? "ready" : "starting");
        ToolSearch.Status s = search.status();
        ObjectNode status = body.putObject("search").put("mode", s.mode()).put("tools", s.tools());
        if (!s.mode().equals("lexical")) {
            status.put("vectors", s.vectors());
        }
        status.put("learned", s.learned());
        if (s.failure() != null) {
            status.put("model_error", s.failure());
        }
        exchange.getMessage().setBody(Json.write(body));
    }
}
