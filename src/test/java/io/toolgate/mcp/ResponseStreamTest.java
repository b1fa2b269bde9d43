package io.toolgate.mcp;

import io.toolgate.json.Json;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

class ResponseStreamTest {

    private static final String REQUEST = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";

    @Test
    void answerWithoutEarlierEventsIsPlainJsonWithTheNewSessionId() throws Exception {
        try (HandlerHarness http = new HandlerHarness(ctx -> new ResponseStream(ctx)
                .finish(200, JsonRpc.result(Json.MAPPER.valueToTree(1), Json.object()), "s-9"))) {
            HttpResponse<String> res = http.post(REQUEST, "Accept", "application/json, text/event-stream");

            assertThat(res.statusCode()).isEqualTo(200);
            assertThat(res.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(res.headers().firstValue("Mcp-Session-Id")).hasValue("s-9");
            assertThat(Json.parse(res.body()).path("id").asInt()).isEqualTo(1);
        }
    }

    @Test
    void eventBeforeTheAnswerSwitchesToAnEventStreamEndingWithTheAnswer() throws Exception {
        try (HandlerHarness http = new HandlerHarness(ctx -> {
            ResponseStream stream = new ResponseStream(ctx);
            stream.event(Json.object().put("jsonrpc", "2.0").put("method", "notifications/progress"));
            stream.finish(200, JsonRpc.result(Json.MAPPER.valueToTree(1), Json.object()), null);
        })) {
            HttpResponse<String> res = http.post(REQUEST, "Accept", "application/json, text/event-stream");

            assertThat(res.headers().firstValue("Content-Type")).hasValue("text/event-stream");
            assertThat(res.body()).isEqualTo(
                    "event: message\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\"}\n\n"
                            + "event: message\ndata: {\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}\n\n");
        }
    }

    @Test
    void clientThatDoesNotAcceptEventStreamsIsNotStreamed() throws Exception {
        try (HandlerHarness http = new HandlerHarness(ctx -> {
            ResponseStream stream = new ResponseStream(ctx);
            ctx.response().end(String.valueOf(stream.streaming()));
        })) {
            assertThat(http.post(REQUEST, "Accept", "application/json").body()).isEqualTo("false");
            assertThat(http.post(REQUEST, "Accept", "application/json, text/event-stream").body()).isEqualTo("true");
        }
    }

    @Test
    void missingAnswerBecomesAnInternalError() throws Exception {
        try (HandlerHarness http = new HandlerHarness(ctx -> new ResponseStream(ctx).finish(500, null, null))) {
            HttpResponse<String> res = http.post(REQUEST);

            assertThat(res.statusCode()).isEqualTo(500);
            assertThat(Json.parse(res.body()).path("error").path("code").asInt()).isEqualTo(-32603);
        }
    }
}
