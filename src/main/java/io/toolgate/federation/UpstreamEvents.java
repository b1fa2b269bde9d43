package io.toolgate.federation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.toolgate.mcp.ClientSessions;
import io.toolgate.registry.RegistryRefresher;

import java.util.concurrent.Executor;
import java.util.function.BiConsumer;

/**
 * What upstreams announce outside any call. A tool list change re-lists that domain (the registry's swap then tells
 * clients, see {@link io.toolgate.mcp.ToolListChanges}); prompt and resource list changes are relayed to every client
 * with an event stream; a resource update goes, under the resource's exposed URI, to the sessions subscribed to it.
 */
public final class UpstreamEvents implements BiConsumer<String, JsonNode> {

    private final RegistryRefresher refresher;
    private final Executor refreshPool;
    private final ClientSessions sessions;
    private final Federation federation;

    public UpstreamEvents(RegistryRefresher refresher, Executor refreshPool, ClientSessions sessions, Federation federation) {
        this.refresher = refresher;
        this.refreshPool = refreshPool;
        this.sessions = sessions;
        this.federation = federation;
    }

    @Override
    public void accept(String domain, JsonNode message) {
        switch (message.path("method").asText()) {
            case "notifications/tools/list_changed" -> refreshPool.execute(() -> refresher.refreshDomain(domain));
            case "notifications/prompts/list_changed", "notifications/resources/list_changed" ->
                    sessions.broadcast(message, s -> true);
            case "notifications/resources/updated" -> {
                JsonNode uri = message.path("params").get("uri");
                if (uri != null && uri.isTextual()) {
                    ObjectNode relayed = message.deepCopy();
                    String exposed = federation.exposedUri(domain, uri.textValue());
                    ((ObjectNode) relayed.get("params")).put("uri", exposed);
                    sessions.broadcast(relayed, s -> s.subscribed(exposed));
                }
            }
            default -> {
            }
        }
    }
}
