package io.toolgate.upstream;

import io.toolgate.exchange.UpstreamHeaders;
import com.fasterxml.jackson.databind.JsonNode;
import io.toolgate.json.Json;
import io.toolgate.registry.DomainState;
import io.toolgate.registry.ToolLister;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

import java.util.ArrayList;
import java.util.List;

/**
 * Lists a domain's tools by sending {@code tools/list} to the endpoint bound to it, whatever component that is. The
 * endpoint may answer with a list of descriptors, a {@code {"tools":[…]}} object, or the same as JSON text.
 */
public final class EndpointToolLister implements ToolLister {

    private final ProducerTemplate template;

    public EndpointToolLister(ProducerTemplate template) {
        this.template = template;
    }

    @Override
    public List<JsonNode> list(DomainState domain) throws Exception {
        Exchange reply = template.request(domain.endpointUri(), e -> e.getIn().setHeader(UpstreamHeaders.METHOD, UpstreamHeaders.LIST_TOOLS));
        if (reply.getException() != null) {
            throw reply.getException();
        }
        Object body = reply.getMessage().getBody();
        JsonNode node;
        if (body instanceof JsonNode n) {
            node = n;
        } else if (body instanceof List<?> || body instanceof java.util.Map<?, ?>) {
            node = Json.MAPPER.valueToTree(body);
        } else {
            node = Json.parse(reply.getMessage().getBody(String.class));
        }
        if (node.isObject()) {
            node = node.path("tools");
        }
        if (!node.isArray()) {
            throw new UpstreamException("endpoint " + domain.endpointUri() + " answered tools/list without a list of tools");
        }
        List<JsonNode> out = new ArrayList<>(node.size());
        node.forEach(out::add);
        return out;
    }
}
