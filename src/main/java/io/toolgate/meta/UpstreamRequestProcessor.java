package io.toolgate.meta;

import io.toolgate.exchange.ExchangeProperties;
import com.fasterxml.jackson.databind.JsonNode;
import io.toolgate.json.Json;
import io.toolgate.hooks.ExecutionContext;
import io.toolgate.exchange.McpHeaders;
import io.toolgate.registry.ToolEntry;
import io.toolgate.upstream.OutboundHeaders;
import io.toolgate.upstream.UpstreamClients;
import io.toolgate.upstream.UpstreamException;
import io.toolgate.upstream.UpstreamSpec;
import io.toolgate.exchange.UpstreamHeaders;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Prepares the call to the endpoint bound to the tool's domain: the {@link UpstreamHeaders} contract, and the outbound
 * HTTP headers ({@link OutboundHeaders}).
 * Headers named {@code Camel*} and the caller's request headers are removed, so nothing from outside steers the
 * endpoint (as camel-kamelets' http-sink does). Endpoints other than {@code mcp-upstream} receive the arguments as a
 * {@code Map}. {@link UpstreamHeaders#ENDPOINT} carries the resolved endpoint, resolved once per domain.
 */
public final class UpstreamRequestProcessor implements Processor {

    private final UpstreamClients upstreams;
    private final CamelContext context;
    private final Map<String, Endpoint> endpoints = new ConcurrentHashMap<>();

    public UpstreamRequestProcessor(UpstreamClients upstreams, CamelContext context) {
        this.upstreams = upstreams;
        this.context = context;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void process(Exchange exchange) {
        ToolEntry tool = exchange.getProperty(ExchangeProperties.TOOL_ENTRY, ToolEntry.class);
        UpstreamSpec spec = upstreams.spec(tool.domain());
        if (spec == null) {
            throw new UpstreamException("domain '" + tool.domain() + "' was removed");
        }
        Message in = exchange.getIn();
        ExecutionContext hooked = exchange.getProperty(ExchangeProperties.EXECUTION_CONTEXT, ExecutionContext.class);
        Map<String, String> outbound = OutboundHeaders.of(spec, in.getHeader(McpHeaders.REQUEST_HEADERS, Map.of(), Map.class),
                hooked == null ? Map.of() : hooked.extraHeaders());
        in.getHeaders().keySet().removeIf(name -> name.regionMatches(true, 0, "Camel", 0, 5));
        in.removeHeader(McpHeaders.REQUEST_HEADERS);
        in.setHeader(UpstreamHeaders.METHOD, UpstreamHeaders.CALL_TOOL);
        in.setHeader(UpstreamHeaders.TOOL, tool.originalName());
        in.setHeader(UpstreamHeaders.ENDPOINT, endpoints.computeIfAbsent(spec.endpointUri(), context::getEndpoint));
        in.setHeader(UpstreamHeaders.OUTBOUND_HEADERS, outbound);
        if (spec.url() == null) {
            in.setBody(Json.MAPPER.convertValue(in.getBody(JsonNode.class), Map.class));
        }
    }
}
