package io.toolgate.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.toolgate.json.Json;
import io.toolgate.error.McpProtocolException;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tasks (the {@value #EXTENSION} extension) for stateless clients. A {@code tools/call} of a tool whose
 * upstream descriptor declares {@code execution.taskSupport} {@code optional} or {@code required}, from a client that
 * declared the extension, runs in the background: the client is answered at once with a {@code CreateTaskResult} and
 * follows the task with {@code tasks/get} (its status, the questions the upstream asked, then the inlined result or
 * error), answers questions with {@code tasks/update} and stops it with {@code tasks/cancel}. A task belongs to the
 * caller that created it and stays readable for {@value #TTL_MILLIS} ms after its creation.
 */
public final class Tasks {

    public static final String EXTENSION = "io.modelcontextprotocol/tasks";
    /** The methods of the extension; {@code tasks/result} and {@code tasks/list} of its first version are gone. */
    static final Set<String> METHODS = Set.of("tasks/get", "tasks/update", "tasks/cancel");
    static final long TTL_MILLIS = 10 * 60 * 1000L;
    private static final long POLL_INTERVAL_MILLIS = 500;
    private final Map<String, Task> tasks = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;
    private final int limit;

    private static final class Task {
        final String id;
        final String subject;
        final SuspendedRequest run;
        final Instant createdAt;
        volatile Instant lastUpdatedAt;
        volatile boolean cancelled;

        Task(String id, String subject, SuspendedRequest run, Instant createdAt) {
            this.id = id;
            this.subject = subject;
            this.run = run;
            this.createdAt = createdAt;
            this.lastUpdatedAt = createdAt;
        }
    }

    /** @param limit how many tasks may run at once (each holds a dispatch thread while its upstream call runs) */
    public Tasks(Clock clock, int limit) {
        this.clock = clock;
        this.limit = limit;
    }

    /** What a tool descriptor says of tasks: {@code forbidden} (the default), {@code optional} or {@code required}. */
    static String support(JsonNode descriptor) {
        return descriptor == null ? "forbidden" : descriptor.path("execution").path("taskSupport").asText("forbidden");
    }

    /** True when the request's client declared the extension. */
    static boolean declared(StatelessRequest request) {
        return request.clientCapabilities().path("extensions").has(EXTENSION);
    }

    /** The -32021 error for a client that did not declare the extension; {@code why} ends its message, or null. */
    static McpProtocolException extensionMissing(String why) {
        ObjectNode data = Json.object();
        data.putObject("requiredCapabilities").putObject("extensions").putObject(EXTENSION);
        return new McpProtocolException(McpProtocolException.MISSING_CLIENT_CAPABILITY,
                "Missing required client capability: extension " + EXTENSION + (why == null ? "" : " (" + why + ")"), data);
    }

    /** The JSON-RPC error answering request {@code id} with {@link #extensionMissing}. */
    static ObjectNode missingExtension(JsonNode id, String why) {
        return JsonRpc.error(id, extensionMissing(why));
    }

    /** True when another task may start. */
    boolean hasRoom() {
        expire();
        return tasks.values().stream().filter(t -> t.run.result() == null && !t.cancelled).count() < limit;
    }

    /**
     * Keeps the running request as a task of {@code subject}'s; answers the {@code CreateTaskResult}. The task can be
     * read before this returns.
     */
    ObjectNode create(SuspendedRequest run, String subject) {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        Task task = new Task(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes), subject, run, clock.instant());
        tasks.put(task.id, task);
        run.whenDone(() -> task.lastUpdatedAt = clock.instant());
        ObjectNode created = envelope(task);
        created.put("resultType", "task");
        return created;
    }

    /**
     * Answers {@code tasks/get}, {@code tasks/update} or {@code tasks/cancel} for the caller.
     *
     * @throws McpProtocolException -32602 for a task id this caller does not have (unknown, expired or another's), or
     *                              answers that are not result objects
     */
    ObjectNode handle(String method, JsonNode params, String subject) {
        JsonNode id = params.get("taskId");
        Task task = id == null || !id.isTextual() ? null : tasks.get(id.textValue());
        if (task == null || !Objects.equals(task.subject, subject) || expired(task)) {
            throw new McpProtocolException(McpProtocolException.INVALID_PARAMS, "Invalid params: unknown taskId");
        }
        switch (method) {
            case "tasks/get" -> {
                return detailed(task);
            }
            case "tasks/update" -> {
                JsonNode answers = params.get("inputResponses");
                if (answers == null || !answers.isObject()) {
                    throw new McpProtocolException(McpProtocolException.INVALID_PARAMS,
                            "Invalid params: inputResponses must be an object");
                }
                task.run.check(answers);
                task.run.answer(answers);
                task.lastUpdatedAt = clock.instant();
            }
            default -> {
                if (!task.cancelled && task.run.result() == null) {
                    task.cancelled = true;
                    task.lastUpdatedAt = clock.instant();
                    task.run.abandon();
                }
            }
        }
        return Json.object().put("resultType", "complete");
    }

    public int size() {
        return tasks.size();
    }

    /** Gives up on every running task (the gateway is stopping). */
    public void cancelAll() {
        tasks.values().forEach(t -> {
            t.cancelled = true;
            t.run.abandon();
        });
    }

    /** A task's state for {@code tasks/get}: its status, and the questions, the result or the error that go with it. */
    private ObjectNode detailed(Task task) {
        ObjectNode out = envelope(task);
        SuspendedRequest.Outcome done = task.run.result();
        if (task.cancelled) {
            out.put("status", "cancelled");
        } else if (done != null) {
            JsonNode error = done.response() == null ? null : done.response().get("error");
            if (error != null || done.response() == null) {
                out.put("status", "failed");
                out.set("error", error != null ? error : Json.object()
                        .put("code", McpProtocolException.INTERNAL_ERROR).put("message", "Internal error"));
            } else {
                out.put("status", "completed");
                out.set("result", done.response().path("result"));
            }
        } else {
            ObjectNode questions = task.run.openQuestions();
            if (!questions.isEmpty()) {
                out.put("status", "input_required");
                out.set("inputRequests", questions);
            }
        }
        out.put("resultType", "complete");
        return out;
    }

    private ObjectNode envelope(Task task) {
        ObjectNode out = Json.object();
        out.put("taskId", task.id);
        out.put("status", "working");
        out.put("createdAt", task.createdAt.toString());
        out.put("lastUpdatedAt", task.lastUpdatedAt.toString());
        out.put("ttlMs", TTL_MILLIS);
        out.put("pollIntervalMs", POLL_INTERVAL_MILLIS);
        return out;
    }

    private boolean expired(Task task) {
        return clock.instant().isAfter(task.createdAt.plusMillis(TTL_MILLIS));
    }

    /** Drops tasks past their time to live, cancelling any still running. */
    private void expire() {
        tasks.values().removeIf(t -> {
            if (!expired(t)) {
                return false;
            }
            if (t.run.result() == null) {
                t.run.abandon();
            }
            return true;
        });
    }
}
