package io.toolgate.upstream;

import io.toolgate.exchange.UpstreamHeaders;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

import java.util.Map;

/**
 * {@code mcp-upstream:<domain>}: the producer-only Camel component that talks MCP to the upstream configured for a
 * domain. It answers the {@link UpstreamHeaders} contract like any other endpoint bound to a domain.
 */
public class McpUpstreamComponent extends DefaultComponent {

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) {
        return new McpUpstreamEndpoint(uri, this, remaining);
    }
}
