package io.toolgate.meta;

import io.toolgate.exchange.ExchangeProperties;
import io.toolgate.exchange.McpHeaders;
import io.toolgate.registry.ToolEntry;
import io.toolgate.search.ToolSearch;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Tells search which tool a session's {@code execute_tool} resolved to, so a search of that session that listed the
 * tool just before learns what its query meant. Runs after {@link ResolveToolProcessor}, whatever the call's outcome.
 */
public final class LearnFromUseProcessor implements Processor {

    private final ToolSearch search;

    public LearnFromUseProcessor(ToolSearch search) {
        this.search = search;
    }

    @Override
    public void process(Exchange exchange) {
        ToolEntry tool = exchange.getProperty(ExchangeProperties.TOOL_ENTRY, ToolEntry.class);
        String session = exchange.getIn().getHeader(McpHeaders.SESSION_ID, String.class);
        if (tool != null && session != null) {
            search.executed(session, tool.name());
        }
    }
}
