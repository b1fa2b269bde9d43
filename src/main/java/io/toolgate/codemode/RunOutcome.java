package io.toolgate.codemode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.toolgate.json.Json;

import java.util.ArrayList;
import java.util.List;

/**
 * How a code-mode run ended: its JSON result or an error ({@code code}, {@code message}, {@code details}),
 * and the console lines it logged either way.
 */
public record RunOutcome(boolean ok, JsonNode value, List<String> logs, String errorCode, String errorMessage,
                         ObjectNode errorDetails) {

    public static RunOutcome success(JsonNode value, List<String> logs) {
        return new RunOutcome(true, value == null ? NullNode.instance : value, List.copyOf(logs), null, null, null);
    }

    public static RunOutcome failure(String code, String message, ObjectNode details, List<String> logs) {
        return new RunOutcome(false, null, List.copyOf(logs), code, message, details);
    }

    /** Reads the {@code done} message a worker sent. */
    static RunOutcome fromDone(JsonNode done) {
        List<String> logs = new ArrayList<>();
        done.path("logs").forEach(l -> logs.add(l.asText()));
        if (done.path("ok").asBoolean()) {
            return success(done.get("value"), logs);
        }
        JsonNode error = done.path("error");
        JsonNode details = error.get("details");
        return failure(error.path("code").asText(WorkerProtocol.SANDBOX_ERROR), error.path("message").asText(""),
                details instanceof ObjectNode o ? o : null, logs);
    }

    /** The {@code done} message for this outcome. */
    ObjectNode toDone(long run) {
        ObjectNode o = Json.object();
        o.put("type", WorkerProtocol.DONE);
        o.put("run", run);
        o.put("ok", ok);
        if (ok) {
            o.set("value", value);
        } else {
            o.set("error", WorkerProtocol.error(errorCode, errorMessage, errorDetails));
        }
        ArrayNode l = o.putArray("logs");
        logs.forEach(l::add);
        return o;
    }
}
