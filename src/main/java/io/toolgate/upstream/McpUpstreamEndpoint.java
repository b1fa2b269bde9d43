package io.toolgate.upstream;

import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;

/** One domain's MCP upstream. Producer only. */
public class McpUpstreamEndpoint extends DefaultEndpoint {

    private final String domain;

    public McpUpstreamEndpoint(String uri, McpUpstreamComponent component, String domain) {
        super(uri, component);
        this.domain = domain;
    }

    public String getDomain() {
        return domain;
    }

    @Override
    public Producer createProducer() {
        return new McpUpstreamProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("mcp-upstream endpoints only send");
    }
}
