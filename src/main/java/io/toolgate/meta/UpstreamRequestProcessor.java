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

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Prepares the call to the endpoint bound to the tool's domain. The message headers are set aside in
 * {@link ExchangeProperties#CALLER_HEADERS} (restored by {@link RestoreCallerHeadersProcessor}) and the endpoint gets
 * only the {@link UpstreamHeaders} contract: nothing from the caller or the gateway's internals steers it or reaches it.
 * The resolved endpoint (once per domain) and the outbound HTTP headers ({@link OutboundHeaders}, which may hold
 * credentials, read by {@code mcp-upstream} only) travel as exchange properties. Endpoints other than
 * {@code mcp-upstream} receive the arguments as a {@code Map}.
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
        Object meta = in.getHeader(UpstreamHeaders.META);
        exchange.setProperty(ExchangeProperties.CALLER_HEADERS, new HashMap<>(in.getHeaders()));
        in.getHeaders().clear();
        in.setHeader(UpstreamHeaders.METHOD, UpstreamHeaders.CALL_TOOL);
        in.setHeader(UpstreamHeaders.TOOL, tool.originalName());
        if (meta != null) {
            in.setHeader(UpstreamHeaders.META, meta);
        }
        exchange.setProperty(ExchangeProperties.ENDPOINT, endpoints.computeIfAbsent(spec.endpointUri(), context::getEndpoint));
        exchange.setProperty(ExchangeProperties.OUTBOUND_HEADERS, outbound);
        if (!spec.mcp()) {
            in.setBody(Json.MAPPER.convertValue(in.getBody(JsonNode.class), Map.class));
        }
    }
}
