package io.toolgate.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.toolgate.json.Json;
import io.toolgate.error.McpProtocolException;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SuspendedRequestTest {

    private static JsonNode question(String method) {
        return Json.parse("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"" + method + "\",\"params\":{\"x\":1}}");
    }

    @Test
    void questionsAskedTogetherEndOneRoundAndTheirAnswersReachTheAskers() throws Exception {
        SuspendedRequest request = new SuspendedRequest("tools/call", "greet", null);
        CompletableFuture<SuspendedRequest.Outcome> round = request.next();
        CompletableFuture<JsonNode> name = CompletableFuture.supplyAsync(() -> request.ask(question("elicitation/create"), 5_000));
        CompletableFuture<JsonNode> roots = CompletableFuture.supplyAsync(() -> request.ask(question("roots/list"), 5_000));
        SuspendedRequest.Outcome outcome = round.get(5, TimeUnit.SECONDS);
        assertThat(outcome.response()).isNull();
        assertThat(outcome.inputRequests().size()).isEqualTo(2);
        assertThat(outcome.inputRequests().findValuesAsText("method")).containsExactlyInAnyOrder("elicitation/create", "roots/list");
        assertThat(outcome.inputRequests().path("input-1").has("id")).as("questions are keyed, not numbered").isFalse();

        String elicitKey = outcome.inputRequests().path("input-1").path("method").asText().equals("elicitation/create")
                ? "input-1" : "input-2";
        String rootsKey = elicitKey.equals("input-1") ? "input-2" : "input-1";
        request.answer(Json.parse("{\"" + elicitKey + "\":{\"action\":\"accept\"},\"unknown\":{}}"));
        assertThat(name.get(5, TimeUnit.SECONDS).at("/result/action").asText()).isEqualTo("accept");
        assertThat(roots).isNotDone();

        SuspendedRequest.Outcome again = request.next().get(5, TimeUnit.SECONDS);
        assertThat(again.inputRequests().fieldNames()).toIterable().containsExactly(rootsKey);
        request.answer(Json.parse("{\"" + rootsKey + "\":{\"roots\":[]}}"));
        assertThat(roots.get(5, TimeUnit.SECONDS).at("/result/roots").isArray()).isTrue();

        CompletableFuture<SuspendedRequest.Outcome> last = request.next();
        request.complete(200, Json.parse("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"content\":[]}}"));
        assertThat(last.get(5, TimeUnit.SECONDS).response().at("/result/content").isArray()).isTrue();
    }

    @Test
    void anAnswerThatIsNotAResultObjectIsRefusedBeforeAnyIsHandedOver() throws Exception {
        SuspendedRequest request = new SuspendedRequest("tools/call", "greet", null);
        CompletableFuture<SuspendedRequest.Outcome> round = request.next();
        CompletableFuture.runAsync(() -> request.ask(question("elicitation/create"), 5_000));
        round.get(5, TimeUnit.SECONDS);
        assertThatThrownBy(() -> request.check(Json.parse("{\"input-1\":12345}")))
                .isInstanceOf(McpProtocolException.class)
                .extracting(e -> ((McpProtocolException) e).rpcCode()).isEqualTo(McpProtocolException.INVALID_PARAMS);
    }

    @Test
    void abandoningAnswersTheAskersWithAnErrorAndCancelsTheWork() throws Exception {
        SuspendedRequest request = new SuspendedRequest("tools/call", "greet", null);
        AtomicBoolean cancelled = new AtomicBoolean();
        request.cancelWith(() -> cancelled.set(true));
        CompletableFuture<SuspendedRequest.Outcome> round = request.next();
        CompletableFuture<JsonNode> asked = CompletableFuture.supplyAsync(() -> request.ask(question("sampling/createMessage"), 5_000));
        round.get(5, TimeUnit.SECONDS);
        request.abandon();
        assertThat(asked.get(5, TimeUnit.SECONDS).at("/error/code").asInt()).isEqualTo(McpProtocolException.INTERNAL_ERROR);
        assertThat(cancelled).isTrue();
    }

    @Test
    void aStateContinuesOnlyItsOwnRequestOnce() {
        SuspendedRequests store = new SuspendedRequests(10);
        SuspendedRequest request = new SuspendedRequest("tools/call", "greet", "alice");
        String state = store.suspend(request);
        assertThat(state).hasSizeGreaterThanOrEqualTo(22);
        assertThatThrownBy(() -> store.resume(state, "tools/call", "other", "alice", Json.object()))
                .isInstanceOf(McpProtocolException.class);
        assertThatThrownBy(() -> store.resume(state, "tools/call", "greet", "mallory", Json.object()))
                .isInstanceOf(McpProtocolException.class);
        assertThatThrownBy(() -> store.resume(state + "x", "tools/call", "greet", "alice", Json.object()))
                .isInstanceOf(McpProtocolException.class);
        assertThat(store.resume(state, "tools/call", "greet", "alice", Json.object())).isSameAs(request);
        assertThatThrownBy(() -> store.resume(state, "tools/call", "greet", "alice", Json.object()))
                .isInstanceOf(McpProtocolException.class);
        assertThat(store.size()).isZero();
    }
}
