package io.toolgate.federation;

import io.toolgate.exchange.ExchangeProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.toolgate.exchange.McpHeaders;
import io.toolgate.mcp.McpRequests;
import io.toolgate.mcp.ClientSession;
import io.toolgate.mcp.ClientSessions;
import io.toolgate.upstream.UpstreamListener;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.util.Map;

/** One federated MCP method in a route: the JSON-RPC request in, its result out. */
public final class FederationProcessor implements Processor {

    /** The federated methods and the bean name of each one's processor. */
    public enum Method {
        RESOURCES_LIST("resources/list", "federateResourcesList"),
        RESOURCE_TEMPLATES_LIST("resources/templates/list", "federateResourceTemplatesList"),
        RESOURCES_READ("resources/read", "federateResourcesRead"),
        RESOURCES_SUBSCRIBE("resources/subscribe", "federateResourcesSubscribe"),
        RESOURCES_UNSUBSCRIBE("resources/unsubscribe", "federateResourcesUnsubscribe"),
        PROMPTS_LIST("prompts/list", "federatePromptsList"),
        PROMPTS_GET("prompts/get", "federatePromptsGet"),
        COMPLETION_COMPLETE("completion/complete", "federateCompletion");

        private final String mcpMethod;
        private final String beanName;

        Method(String mcpMethod, String beanName) {
            this.mcpMethod = mcpMethod;
            this.beanName = beanName;
        }

        public String beanName() {
            return beanName;
        }
    }

    private final Federation federation;
    private final ClientSessions sessions;
    private final Method method;

    public FederationProcessor(Federation federation, ClientSessions sessions, Method method) {
        this.federation = federation;
        this.sessions = sessions;
        this.method = method;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void process(Exchange exchange) {
        ObjectNode params = McpRequests.params(exchange.getIn().getBody(JsonNode.class));
        Map<String, String> caller = exchange.getIn().getHeader(McpHeaders.REQUEST_HEADERS, Map.of(), Map.class);
        UpstreamListener listener = exchange.getProperty(ExchangeProperties.LISTENER, UpstreamListener.class);
        JsonNode result = switch (method) {
            case RESOURCES_LIST -> federation.list(Federation.Listing.RESOURCES, caller);
            case RESOURCE_TEMPLATES_LIST -> federation.list(Federation.Listing.RESOURCE_TEMPLATES, caller);
            case PROMPTS_LIST -> federation.list(Federation.Listing.PROMPTS, caller);
            case RESOURCES_READ -> federation.resource(method.mcpMethod, params, caller, listener);
            case RESOURCES_SUBSCRIBE, RESOURCES_UNSUBSCRIBE -> subscription(params, caller,
                    sessions.find(exchange.getIn().getHeader(McpHeaders.SESSION_ID, String.class)));
            case PROMPTS_GET -> federation.getPrompt(params, caller, listener);
            case COMPLETION_COMPLETE -> federation.complete(params, caller);
        };
        exchange.getIn().setBody(result);
    }

    /** Forwards the (un)subscription and remembers it, so the upstream's resource updates reach this session. */
    private JsonNode subscription(ObjectNode params, Map<String, String> caller, ClientSession session) {
        JsonNode result = federation.resource(method.mcpMethod, params, caller, null);
        if (session != null) {
            String uri = params.get("uri").textValue();
            if (method == Method.RESOURCES_SUBSCRIBE) {
                session.subscribe(uri);
            } else {
                session.unsubscribe(uri);
            }
        }
        return result;
    }
}
