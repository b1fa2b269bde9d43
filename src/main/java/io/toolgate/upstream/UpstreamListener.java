package io.toolgate.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import io.toolgate.json.Json;

/**
 * The caller of one upstream request, as the upstream sees it while the request runs: what the upstream sends on the
 * request's stream reaches the caller, and the caller can cancel the request.
 */
public interface UpstreamListener {

    /** A notification the upstream sent on this request's stream ({@code notifications/progress}, {@code …/message}). */
    void notification(JsonNode message);

    /**
     * A request the upstream sent on this request's stream ({@code sampling/createMessage}, {@code elicitation/create},
     * {@code roots/list}). Answers a JSON-RPC response message for it (its {@code id} is replaced by the upstream's).
     * Called on a thread of its own; may block until the caller answers.
     */
    JsonNode request(JsonNode message);

    /**
     * The client capabilities ({@code sampling}, {@code elicitation}, {@code roots}) whose requests this listener can
     * get answered, as a stateless upstream is told in {@code _meta}; none unless overridden.
     */
    default JsonNode clientCapabilities() {
        return Json.object();
    }

    /** Called before the request is sent; running {@code cancel} cancels it upstream and ends the wait for its answer. */
    void started(Runnable cancel);
}
