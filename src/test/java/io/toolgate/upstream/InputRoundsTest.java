package io.toolgate.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.toolgate.json.Json;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Answering what an upstream asks while a request runs, and multi-round requests. */
class InputRoundsTest {

    private final InputRounds rounds = new InputRounds(Runnable::run, 1_000);

    private static final String QUESTION = "{\"resultType\":\"input_required\",\"requestState\":\"st\","
            + "\"inputRequests\":{\"q1\":{\"method\":\"elicitation/create\",\"params\":{\"message\":\"name?\"}}}}";

    @Test
    void pingIsAnsweredHereAndOtherRequestsThroughTheCaller() {
        ObjectNode pong = rounds.answer(Json.parse("{\"id\":3,\"method\":\"ping\"}"), null);
        assertThat(pong.toString()).isEqualTo("{\"result\":{},\"jsonrpc\":\"2.0\",\"id\":3}");
        RecordingListener caller = new RecordingListener();
        ObjectNode relayed = rounds.answer(Json.parse("{\"id\":\"a\",\"method\":\"roots/list\"}"), caller);
        assertThat(relayed.path("id").asText()).isEqualTo("a");
        assertThat(relayed.path("result").isObject()).isTrue();
        assertThat(caller.requests).hasSize(1);
    }

    @Test
    void withoutACallerARequestIsRefused() {
        ObjectNode refused = rounds.answer(Json.parse("{\"id\":4,\"method\":\"sampling/createMessage\"}"), null);
        assertThat(refused.at("/error/code").asInt()).isEqualTo(-32601);
        assertThat(refused.at("/error/message").asText()).isEqualTo("No client to relay sampling/createMessage to");
    }

    @Test
    void anInputRequiredResultIsAnsweredAndTheRequestSentAgainWithTheState() {
        List<JsonNode> retries = new CopyOnWriteArrayList<>();
        RecordingListener caller = new RecordingListener();
        JsonNode result = rounds.complete(Json.parse(QUESTION), Json.parse("{\"name\":\"t\"}"), caller, retry -> {
            retries.add(retry);
            return Json.parse("{\"content\":[]}");
        });
        assertThat(result.has("content")).isTrue();
        assertThat(caller.requests).singleElement().satisfies(q -> {
            assertThat(q.path("id").asText()).isEqualTo("q1");
            assertThat(q.path("method").asText()).isEqualTo("elicitation/create");
        });
        assertThat(retries).singleElement().satisfies(r -> {
            assertThat(r.path("name").asText()).isEqualTo("t");
            assertThat(r.at("/inputResponses/q1").isObject()).isTrue();
            assertThat(r.path("requestState").asText()).isEqualTo("st");
        });
    }

    @Test
    void anUpstreamThatKeepsAskingIsStopped() {
        RecordingListener caller = new RecordingListener();
        assertThatThrownBy(() -> rounds.complete(Json.parse(QUESTION), null, caller, retry -> Json.parse(QUESTION)))
                .isInstanceOf(UpstreamException.class).hasMessage("upstream asked for input more than 10 times");
        assertThat(caller.requests).hasSize(InputRounds.MAX_INPUT_ROUNDS);
    }

    @Test
    void aQuestionTheCallerRefusesFailsTheRequest() {
        UpstreamListener refusing = new RecordingListener() {
            @Override
            public JsonNode request(JsonNode message) {
                return Json.parse("{\"error\":{\"code\":-32600,\"message\":\"no\"}}");
            }
        };
        assertThatThrownBy(() -> rounds.complete(Json.parse(QUESTION), null, refusing, retry -> retry))
                .isInstanceOf(UpstreamException.class)
                .hasMessage("the upstream's input request 'q1' was not answered: no")
                .satisfies(e -> assertThat(((UpstreamException) e).rpcCode()).isEqualTo(-32600));
    }

    @Test
    void withoutACallerTheResultIsFinal() {
        JsonNode question = Json.parse(QUESTION);
        assertThat(rounds.complete(question, null, null, retry -> {
            throw new AssertionError("not sent again");
        })).isSameAs(question);
    }
}
