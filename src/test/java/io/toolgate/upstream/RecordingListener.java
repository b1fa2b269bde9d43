package io.toolgate.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import io.toolgate.json.Json;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A caller that keeps what the upstream sent it and its cancel, and answers every request with an empty result. */
class RecordingListener implements UpstreamListener {

    final List<JsonNode> notifications = new CopyOnWriteArrayList<>();
    final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    volatile Runnable cancel;

    @Override
    public void notification(JsonNode message) {
        notifications.add(message);
    }

    @Override
    public JsonNode request(JsonNode message) {
        requests.add(message);
        return Json.parse("{\"result\":{}}");
    }

    @Override
    public void started(Runnable c) {
        cancel = c;
    }
}
