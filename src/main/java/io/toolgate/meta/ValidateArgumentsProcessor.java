package io.toolgate.meta;

import io.toolgate.exchange.ExchangeProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.toolgate.json.Json;
import io.toolgate.error.InvalidArgumentsException;
import io.toolgate.registry.Signatures;
import io.toolgate.registry.ToolEntry;
import io.toolgate.registry.ToolRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.util.List;

/** Checks the tool's arguments against its schema before any upstream sees them; a violation answers invalid_arguments with one line per problem. */
public final class ValidateArgumentsProcessor implements Processor {

    private final ToolRegistry registry;

    public ValidateArgumentsProcessor(ToolRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void process(Exchange exchange) {
        ToolEntry tool = exchange.getProperty(ExchangeProperties.TOOL_ENTRY, ToolEntry.class);
        List<String> violations = registry.snapshot().argumentValidator(tool).validate(exchange.getIn().getBody(JsonNode.class));
        if (violations.isEmpty()) {
            return;
        }
        ObjectNode details = Json.object();
        details.put("tool", tool.name());
        details.put("domain", tool.domain());
        details.set("violations", Json.array(violations));
        details.put("signature", Signatures.render(tool));
        throw new InvalidArgumentsException("Invalid arguments for '" + tool.name() + "': "
                + String.join("; ", violations) + ".", details);
    }
}
