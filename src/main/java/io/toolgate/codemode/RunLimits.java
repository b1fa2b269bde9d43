package io.toolgate.codemode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.toolgate.json.Json;

/**
 * The limits of one code-mode run.
 *
 * @param durationMillis wall-clock time for the whole run, nested calls included
 * @param statements JavaScript statements the run may execute
 * @param nestedCalls tool calls the run may start; the next one is rejected with {@code nested_call_limit}
 * @param concurrentCalls tool calls outstanding at once; further ones wait for a free slot
 * @param recursionDepth plain function calls the run may nest at least; enforced through the run thread's stack size
 */
public record RunLimits(long durationMillis, long statements, int nestedCalls, int concurrentCalls,
                        int recursionDepth) {

    public RunLimits {
        if (durationMillis <= 0 || statements <= 0 || nestedCalls < 0 || concurrentCalls <= 0 || recursionDepth <= 0) {
            throw new IllegalArgumentException("code-mode limits must be positive");
        }
    }

    ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.put("durationMillis", durationMillis);
        o.put("statements", statements);
        o.put("nestedCalls", nestedCalls);
        o.put("concurrentCalls", concurrentCalls);
        o.put("recursionDepth", recursionDepth);
        return o;
    }

    static RunLimits fromJson(JsonNode o) {
        return new RunLimits(o.path("durationMillis").asLong(), o.path("statements").asLong(),
                o.path("nestedCalls").asInt(), o.path("concurrentCalls").asInt(), o.path("recursionDepth").asInt());
    }
}
