package io.toolgate.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.toolgate.json.Json;
import io.toolgate.error.McpProtocolException;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A stateless client's request ({@code tools/call}, {@code prompts/get}, {@code resources/read}) while the upstreams
 * work on it, able to wait for the client's input (multi-round requests). A stateless client cannot be sent
 * a request on a response stream, so when an upstream asks for sampling, elicitation or roots, the question is kept
 * here under a key of the gateway's ({@code input-1}, …) and the client is answered with an {@code InputRequiredResult}
 * listing every open question; the upstream call stays where it is, waiting. The client's retry carries the answers
 * ({@code inputResponses}) and the {@code requestState} the gateway gave it; they are handed to the waiting upstream
 * and the request goes on until it completes or asks again.
 * <p>
 * Questions an upstream asks together (an upstream may ask several at once) arrive one after the other; a round ends
 * {@value #GATHER_MILLIS} ms after the last of them, so the client gets them in one {@code InputRequiredResult}.
 */
public final class SuspendedRequest {

    static final long GATHER_MILLIS = 25;
    private final String method;
    private final String target;
    private final String subject;
    private final CompletableFuture<Outcome> response = new CompletableFuture<>();
    private final Map<String, Question> open = new LinkedHashMap<>();
    private int asked;
    private CompletableFuture<Outcome> next;
    private Consumer<JsonNode> stream;
    private Runnable cancel = () -> { };

    /**
     * What a round ends with: the request's response and its HTTP status, or the questions the client must answer
     * first.
     */
    record Outcome(int status, JsonNode response, ObjectNode inputRequests) {
    }

    private record Question(JsonNode request, CompletableFuture<JsonNode> answer) {
    }

    /**
     * @param target  the tool or prompt name, or the resource URI, the request is about
     * @param subject the authenticated caller, or null when authentication is off
     */
    public SuspendedRequest(String method, String target, String subject) {
        this.method = method;
        this.target = target;
        this.subject = subject;
    }

    /** True when a retry with this method, target and caller continues this request. */
    boolean continuedBy(String method, String target, String subject) {
        return this.method.equals(method) && Objects.equals(this.target, target) && Objects.equals(this.subject, subject);
    }

    /**
     * Asks the client {@code request} (an upstream's {@code elicitation/create}, …) and waits for the answer the
     * client's retry brings, at most {@code timeoutMillis}. Answers a JSON-RPC response: the client's {@code result},
     * or an error when the client did not answer in time.
     */
    JsonNode ask(JsonNode request, long timeoutMillis) {
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        String key;
        synchronized (this) {
            key = "input-" + ++asked;
            ObjectNode question = Json.object();
            question.put("method", request.path("method").asText());
            question.set("params", request.path("params").isObject() ? request.get("params") : Json.object());
            open.put(key, new Question(question, answer));
            gatherThenSettle(asked);
        }
        try {
            return Json.object().set("result", answer.get(timeoutMillis, TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            return JsonRpc.error(null, McpProtocolException.INTERNAL_ERROR, "The client did not answer "
                    + request.path("method").asText() + " within " + timeoutMillis + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return JsonRpc.error(null, McpProtocolException.INTERNAL_ERROR, "interrupted");
        } catch (ExecutionException e) {
            return JsonRpc.error(null, McpProtocolException.INTERNAL_ERROR, "The client's answer was lost");
        } finally {
            synchronized (this) {
                open.remove(key);
            }
        }
    }

    /** Runs {@code cancel} when the request is abandoned (it cancels the upstream work). */
    synchronized void cancelWith(Runnable cancel) {
        this.cancel = cancel;
    }

    /** The request's response, when the upstream work is done. */
    void complete(int status, JsonNode body) {
        response.complete(new Outcome(status, body, null));
        synchronized (this) {
            settle();
        }
    }

    /** The request's response and status once the upstream work is done, else null. */
    Outcome result() {
        return response.getNow(null);
    }

    /** Runs {@code then} when the upstream work is done. */
    void whenDone(Runnable then) {
        response.thenRun(then);
    }

    /** The questions still waiting for the client's answer, by key. */
    synchronized ObjectNode openQuestions() {
        ObjectNode questions = Json.object();
        open.forEach((key, q) -> {
            if (!q.answer.isDone()) {
                questions.set(key, q.request);
            }
        });
        return questions;
    }

    /** Notifications of the request go to the current round's response stream (none between rounds). */
    synchronized void stream(Consumer<JsonNode> current) {
        this.stream = current;
    }

    void notify(JsonNode message) {
        Consumer<JsonNode> s;
        synchronized (this) {
            s = stream;
        }
        if (s != null) {
            s.accept(message);
        }
    }

    /**
     * The end of the current round: the response if the work is done, otherwise the open questions once no more
     * arrive. Completes on the thread that settles it.
     */
    synchronized CompletableFuture<Outcome> next() {
        next = new CompletableFuture<>();
        if (response.isDone() || open.values().stream().anyMatch(q -> !q.answer.isDone())) {
            settle();
        }
        return next;
    }

    /**
     * Checks the client's answers before any is handed over.
     *
     * @throws McpProtocolException -32602 when an answer to an open question is not a result object
     */
    synchronized void check(JsonNode inputResponses) {
        for (String key : open.keySet()) {
            JsonNode answer = inputResponses.get(key);
            if (answer != null && !answer.isObject()) {
                throw new McpProtocolException(McpProtocolException.INVALID_PARAMS,
                        "Invalid params: inputResponses." + key + " must be a result object");
            }
        }
    }

    /**
     * Hands the client's answers to the questions they name; keys it does not know are ignored, and questions it does
     * not answer stay open (the next round asks them again).
     */
    synchronized void answer(JsonNode inputResponses) {
        open.forEach((key, q) -> {
            JsonNode answer = inputResponses.get(key);
            if (answer != null) {
                q.answer.complete(answer);
            }
        });
    }

    /** Gives up on the client: its open questions get errors and the upstream work is cancelled. */
    void abandon() {
        Runnable c;
        synchronized (this) {
            open.values().forEach(q -> q.answer.completeExceptionally(new IllegalStateException("abandoned")));
            c = cancel;
        }
        c.run();
    }

    private void gatherThenSettle(int count) {
        CompletableFuture.delayedExecutor(GATHER_MILLIS, TimeUnit.MILLISECONDS).execute(() -> {
            synchronized (this) {
                if (asked == count) {
                    settle();
                }
            }
        });
    }

    /** Completes the waiting round, if any, with the response or the open questions. Called holding the lock. */
    private void settle() {
        if (next == null || next.isDone()) {
            return;
        }
        if (response.isDone()) {
            next.complete(response.join());
            return;
        }
        ObjectNode questions = openQuestions();
        if (!questions.isEmpty()) {
            next.complete(new Outcome(200, null, questions));
        }
    }
}
