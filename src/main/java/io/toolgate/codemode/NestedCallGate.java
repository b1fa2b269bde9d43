package io.toolgate.codemode;

import com.fasterxml.jackson.databind.JsonNode;
import io.toolgate.json.Json;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Queue;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The nested tool calls of one run, on the worker side: numbers them, refuses those beyond the nested-call limit,
 * and keeps at most the concurrency limit outstanding, sending the others as earlier ones complete.
 */
final class NestedCallGate {

    private final long run;
    private final RunLimits limits;
    private final Consumer<JsonNode> send;
    private final Queue<JsonNode> waiting = new ArrayDeque<>();
    private final Set<Integer> inFlight = new HashSet<>();
    private int started;

    NestedCallGate(long run, RunLimits limits, Consumer<JsonNode> send) {
        this.run = run;
        this.limits = limits;
        this.send = send;
    }

    /** Starts a call; its number, or -1 when the run has used up its nested calls. */
    int start(String tool, String argumentsJson) {
        if (started >= limits.nestedCalls()) {
            return -1;
        }
        int id = ++started;
        JsonNode call = WorkerProtocol.call(run, id, tool, Json.parse(argumentsJson));
        if (inFlight.size() < limits.concurrentCalls()) {
            inFlight.add(id);
            send.accept(call);
        } else {
            waiting.add(call);
        }
        return id;
    }

    /** Marks a call answered; false when it was not in flight (a duplicate or stray result). */
    boolean complete(int id) {
        if (!inFlight.remove(id)) {
            return false;
        }
        JsonNode next = waiting.poll();
        if (next != null) {
            inFlight.add(next.path("call").asInt());
            send.accept(next);
        }
        return true;
    }

    boolean idle() {
        return inFlight.isEmpty() && waiting.isEmpty();
    }
}
