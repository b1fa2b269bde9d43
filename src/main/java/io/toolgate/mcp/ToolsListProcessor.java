package io.toolgate.mcp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.toolgate.Json;
import io.toolgate.meta.MetaTools;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** {@code tools/list}: the meta-tools, never an upstream tool. */
public final class ToolsListProcessor implements Processor {

    private final ObjectNode result;

    public ToolsListProcessor() {
        this.result = Json.object();
        result.set("tools", Json.MAPPER.valueToTree(MetaTools.definitions()));
    }

    @Override
    public void process(Exchange exchange) {
        exchange.getIn().setBody(result.deepCopy());
    }
}
