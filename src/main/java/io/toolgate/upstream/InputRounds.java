package io.toolgate.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.toolgate.json.Json;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The upstream asking the gateway's caller for input while a request runs: a request it sends (sampling, elicitation,
 * roots) is answered through the caller, and an {@code InputRequiredResult} (multi-round requests) gets its questions
 * answered by the caller and the request sent again with the answers and the upstream's {@code requestState}.
 */
final class InputRounds {

    static final int MAX_INPUT_ROUNDS = 10;
    private static final String INPUT_REQUIRED = "input_required";

    private final Executor relay;
    private final long timeoutMillis;

    /**
     * @param relay         asks the caller; the caller may take its time to answer
     * @param timeoutMillis how long each question of an {@code InputRequiredResult} may wait for its answer
     */
    InputRounds(Executor relay, long timeoutMillis) {
        this.relay = relay;
        this.timeoutMillis = timeoutMillis;
    }

    /**
     * The response to a request the upstream sent: ping answered here, the rest through the caller ({@code listener},
     * may be null), else "method not found". Blocks while the caller answers.
     */
    ObjectNode answer(JsonNode request, UpstreamListener listener) {
        ObjectNode response;
        if ("ping".equals(request.path("method").asText())) {
            response = Json.object();
            response.putObject("result");
        } else if (listener != null) {
            response = listener.request(request).deepCopy();
        } else {
            response = Json.object();
            response.putObject("error").put("code", -32601)
                    .put("message", "No client to relay " + request.path("method").asText() + " to");
        }
        response.put("jsonrpc", "2.0");
        response.set("id", request.get("id"));
        return response;
    }

    /**
     * The final result of a request whose first result is {@code result}: while it is an {@code InputRequiredResult},
     * the caller answers its questions and {@code resend} sends the request again with {@code params} plus the answers
     * and the upstream's {@code requestState}, up to {@value #MAX_INPUT_ROUNDS} times. Without a caller
     * ({@code listener} null) the result is final.
     */
    JsonNode complete(JsonNode result, JsonNode params, UpstreamListener listener, Function<ObjectNode, JsonNode> resend) {
        JsonNode current = result;
        for (int round = 0; listener != null && INPUT_REQUIRED.equals(current.path("resultType").asText()); round++) {
            if (round == MAX_INPUT_ROUNDS) {
                throw new UpstreamException("upstream asked for input more than " + MAX_INPUT_ROUNDS + " times");
            }
            ObjectNode retry = params != null && params.isObject() ? ((ObjectNode) params).deepCopy() : Json.object();
            retry.set("inputResponses", answers(current.path("inputRequests"), listener));
            if (current.hasNonNull("requestState")) {
                retry.set("requestState", current.get("requestState"));
            }
            current = resend.apply(retry);
        }
        return current;
    }

    /**
     * The listener's answers to an {@code InputRequiredResult}'s questions, asked all at once (a stateless caller
     * then gets them in one round).
     */
    private ObjectNode answers(JsonNode inputRequests, UpstreamListener listener) {
        Map<String, CompletableFuture<JsonNode>> pending = new LinkedHashMap<>();
        inputRequests.fields().forEachRemaining(q -> {
            ObjectNode request = Json.object().put("jsonrpc", "2.0").put("id", q.getKey());
            request.put("method", q.getValue().path("method").asText());
            request.set("params", q.getValue().path("params").isObject() ? q.getValue().get("params") : Json.object());
            pending.put(q.getKey(), CompletableFuture.supplyAsync(() -> listener.request(request), relay));
        });
        ObjectNode answers = Json.object();
        for (Map.Entry<String, CompletableFuture<JsonNode>> a : pending.entrySet()) {
            JsonNode response;
            try {
                response = a.getValue().get(timeoutMillis, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UpstreamException("interrupted");
            } catch (ExecutionException | TimeoutException e) {
                throw new UpstreamException("no answer to the upstream's input request '" + a.getKey() + "'");
            }
            if (response.has("error")) {
                throw new UpstreamException(response.path("error").path("code").asInt(-32603),
                        "the upstream's input request '" + a.getKey() + "' was not answered: "
                                + response.path("error").path("message").asText());
            }
            answers.set(a.getKey(), response.path("result"));
        }
        return answers;
    }
}
