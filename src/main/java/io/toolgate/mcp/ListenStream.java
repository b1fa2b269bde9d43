package io.toolgate.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.toolgate.json.Json;
import io.toolgate.error.McpProtocolException;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One {@code subscriptions/listen} stream of the stateless era: the notification kinds its client opted in to (and
 * that the gateway offers), each delivered with the listen request's id as {@code _meta} subscription id.
 */
final class ListenStream {

    private final JsonNode subscriptionId;
    private final boolean tools;
    private final boolean prompts;
    private final boolean resources;
    private final Set<String> resourceUris = new LinkedHashSet<>();
    private final Consumer<JsonNode> writer;

    /**
     * @param params       the listen request's params; {@code notifications} names what the client wants
     * @param capabilities the gateway's, so a kind it never sends is not acknowledged
     */
    ListenStream(JsonNode subscriptionId, ObjectNode params, ObjectNode capabilities, Consumer<JsonNode> writer) {
        JsonNode wanted = params.get("notifications");
        if (wanted == null || !wanted.isObject()) {
            throw new McpProtocolException(McpProtocolException.INVALID_PARAMS,
                    "Invalid params: 'notifications' must be an object");
        }
        this.subscriptionId = subscriptionId;
        this.writer = writer;
        this.tools = wanted.path("toolsListChanged").asBoolean(false)
                && capabilities.path("tools").path("listChanged").asBoolean(false);
        this.prompts = wanted.path("promptsListChanged").asBoolean(false)
                && capabilities.path("prompts").path("listChanged").asBoolean(false);
        this.resources = wanted.path("resourcesListChanged").asBoolean(false)
                && capabilities.path("resources").path("listChanged").asBoolean(false);
        JsonNode uris = wanted.get("resourceSubscriptions");
        if (uris != null && !uris.isNull()) {
            if (!uris.isArray()) {
                throw new McpProtocolException(McpProtocolException.INVALID_PARAMS,
                        "Invalid params: 'resourceSubscriptions' must be an array of URIs");
            }
            uris.forEach(u -> {
                if (!u.isTextual()) {
                    throw new McpProtocolException(McpProtocolException.INVALID_PARAMS,
                            "Invalid params: 'resourceSubscriptions' must be an array of URIs");
                }
                resourceUris.add(u.textValue());
            });
        }
    }

    Set<String> resourceUris() {
        return resourceUris;
    }

    /** {@code notifications/subscriptions/acknowledged}, naming the kinds this stream will carry; the first event. */
    ObjectNode acknowledgement() {
        ObjectNode agreed = Json.object();
        if (tools) {
            agreed.put("toolsListChanged", true);
        }
        if (prompts) {
            agreed.put("promptsListChanged", true);
        }
        if (resources) {
            agreed.put("resourcesListChanged", true);
        }
        if (!resourceUris.isEmpty()) {
            resourceUris.forEach(agreed.putArray("resourceSubscriptions")::add);
        }
        ObjectNode params = Json.object();
        params.set("notifications", agreed);
        return tagged("notifications/subscriptions/acknowledged", params);
    }

    /** Writes the notification, tagged with this stream's subscription id, when the client opted in to it. */
    void offer(JsonNode notification) {
        String method = notification.path("method").asText();
        boolean wanted = switch (method) {
            case "notifications/tools/list_changed" -> tools;
            case "notifications/prompts/list_changed" -> prompts;
            case "notifications/resources/list_changed" -> resources;
            case "notifications/resources/updated" ->
                    resourceUris.contains(notification.path("params").path("uri").asText());
            default -> false;
        };
        if (wanted) {
            JsonNode params = notification.get("params");
            writer.accept(tagged(method, params != null && params.isObject() ? params.deepCopy() : Json.object()));
        }
    }

    private ObjectNode tagged(String method, ObjectNode params) {
        ObjectNode meta = params.has("_meta") && params.get("_meta").isObject()
                ? (ObjectNode) params.get("_meta") : params.putObject("_meta");
        meta.set(StatelessRequest.SUBSCRIPTION_ID_KEY, subscriptionId);
        ObjectNode out = Json.object();
        out.put("jsonrpc", "2.0");
        out.put("method", method);
        out.set("params", params);
        return out;
    }
}
