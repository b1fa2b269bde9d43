package io.toolgate.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.toolgate.json.Json;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.toolgate.upstream.FakeTransport.error;
import static io.toolgate.upstream.FakeTransport.result;
import static io.toolgate.upstream.FakeTransport.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What an upstream sends while a request runs, routed over a fake transport; and a cancelled call. */
class UpstreamChannelTest {

    private final List<JsonNode> events = new CopyOnWriteArrayList<>();

    private static JsonNode message(String json) {
        return Json.parse(json);
    }

    @Test
    void eventsGoToTheSinkNotificationsToTheCallerAndRequestsAreAnswered() {
        FakeTransport transport = new FakeTransport((message, envelope, inbound, call) -> {
            switch (message.path("method").asText()) {
                case "server/discover":
                    return error(message, -32601, "Method not found", null);
                case "initialize":
                    return result(message, "s1", "{\"capabilities\":{}}");
                case "tools/call":
                    inbound.accept(message("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/tools/list_changed\"}"));
                    inbound.accept(message("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{}}"));
                    inbound.accept(message("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"ping\"}"));
                    inbound.accept(message("{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"sampling/createMessage\"}"));
                    return result(message, "s1", "{\"content\":[]}");
                default:
                    return status(202, "s1");
            }
        });
        RecordingListener caller = new RecordingListener();
        try (UpstreamClient client = new UpstreamClient("up", transport, 1_000, 4, "test", Runnable::run, events::add)) {
            client.callTool("t", null, null, Map.of(), caller);
        }
        assertThat(events).extracting(e -> e.path("method").asText()).containsExactly("notifications/tools/list_changed");
        assertThat(caller.notifications).extracting(e -> e.path("method").asText())
                .containsExactly("notifications/progress");
        assertThat(caller.requests).extracting(e -> e.path("method").asText()).containsExactly("sampling/createMessage");
        List<ObjectNode> answers = transport.sent.stream().map(FakeTransport.Sent::message)
                .filter(m -> !m.has("method")).toList();
        assertThat(answers).extracting(a -> a.path("id").asInt()).containsExactly(7, 8);
        assertThat(answers).allSatisfy(a -> assertThat(a.path("result").isObject()).isTrue());
        assertThat(transport.sent.stream().filter(s -> !s.message().has("method")))
                .allSatisfy(s -> assertThat(s.envelope().sessionId()).isEqualTo("s1"));
    }

    @Test
    void aCancelledCallTellsASessionsUpstreamWhichRequestItWas() {
        FakeTransport transport = new FakeTransport((message, envelope, inbound, call) -> {
            switch (message.path("method").asText()) {
                case "server/discover":
                    return error(message, -32601, "Method not found", null);
                case "initialize":
                    return result(message, "s1", "{\"capabilities\":{}}");
                case "tools/call":
                    call.reading(() -> { });
                    call.run();
                    throw InFlightCall.interrupted(call);
                default:
                    return status(202, "s1");
            }
        });
        try (UpstreamClient client = new UpstreamClient("up", transport, 1_000, 4, "test", Runnable::run, events::add)) {
            assertThatThrownBy(() -> client.callTool("t", null, null, Map.of(), new RecordingListener()))
                    .isInstanceOf(UpstreamException.class).hasMessage("cancelled by the caller");
        }
        long callId = transport.sent.stream().filter(s -> "tools/call".equals(s.method())).findFirst().orElseThrow()
                .message().path("id").asLong();
        FakeTransport.Sent cancelled = transport.sent.get(transport.sent.size() - 1);
        assertThat(cancelled.method()).isEqualTo("notifications/cancelled");
        assertThat(cancelled.message().at("/params/requestId").asLong()).isEqualTo(callId);
        assertThat(cancelled.envelope().sessionId()).isEqualTo("s1");
    }

    @Test
    void aCancelledCallToAStatelessUpstreamSendsNothingMore() {
        FakeTransport transport = new FakeTransport((message, envelope, inbound, call) -> {
            if (message.path("method").asText().equals("server/discover")) {
                return result(message, null, "{\"supportedVersions\":[\"2026-07-28\"]}");
            }
            call.reading(() -> { });
            call.run();
            throw InFlightCall.interrupted(call);
        });
        try (UpstreamClient client = new UpstreamClient("up", transport, 1_000, 4, "test", Runnable::run, events::add)) {
            assertThatThrownBy(() -> client.callTool("t", null, null, Map.of(), new RecordingListener()))
                    .hasMessage("cancelled by the caller");
        }
        assertThat(transport.methods()).containsExactly("server/discover", "tools/call");
    }
}
