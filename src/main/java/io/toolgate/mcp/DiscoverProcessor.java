package io.toolgate.mcp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.toolgate.json.Json;
import io.toolgate.registry.ToolRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * {@code server/discover}, the stateless era's introduction: the protocol versions served without a session, the
 * gateway's capabilities (the same as {@code initialize} declares), the registry's current instructions, and the
 * gateway's name and version in {@code _meta}.
 */
public final class DiscoverProcessor implements Processor {

    private final ToolRegistry registry;
    private final ObjectNode serverInfo;
    private final ObjectNode capabilities;

    public DiscoverProcessor(ToolRegistry registry, String name, String version, Exposure exposure) {
        this.registry = registry;
        this.serverInfo = Json.object().put("name", name).put("version", version);
        this.capabilities = McpProtocol.statelessCapabilities(exposure);
    }

    @Override
    public void process(Exchange exchange) {
        ObjectNode result = Json.object();
        McpProtocol.STATELESS.forEach(result.putArray("supportedVersions")::add);
        result.set("capabilities", capabilities.deepCopy());
        String instructions = registry.snapshot().instructions();
        if (instructions != null) {
            result.put("instructions", instructions);
        }
        result.putObject("_meta").set(StatelessRequest.SERVER_INFO_KEY, serverInfo.deepCopy());
        exchange.getIn().setBody(result);
    }
}
