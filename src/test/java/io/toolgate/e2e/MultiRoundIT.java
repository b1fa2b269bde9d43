package io.toolgate.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelcontextprotocol.spec.McpSchema;
import io.toolgate.json.Json;
import io.toolgate.testing.SessionClient;
import io.toolgate.testing.TestGateway;
import io.toolgate.testing.TestUpstream;
import io.toolgate.testing.TestUpstream.ToolDef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Multi-round requests across both eras: a sessions-era upstream whose tool asks the user for their name while it
 * runs. A stateless client is answered with an {@code InputRequiredResult} and its retry's answer reaches the
 * waiting upstream; through a second gateway (which then sees the first as a stateless upstream answering
 * {@code InputRequiredResult}s) the same works for stateless clients, and a session's client gets the question as
 * an {@code elicitation/create} request on its response stream.
 */
class MultiRoundIT {

    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final List<Map<String, Object>> ANSWERS = new CopyOnWriteArrayList<>();
    static TestUpstream origin;
    static TestGateway inner;
    static TestGateway edge;

    @BeforeAll
    static void start() throws Exception {
        origin = TestUpstream.start(List.of(new ToolDef("greet", "Greets the user by name", "{\"type\":\"object\"}",
                (exchange, args) -> {
                    McpSchema.ElicitResult answer = exchange.createElicitation(McpSchema.ElicitRequest.builder(
                            "What is your name?", Map.of("type", "object", "properties",
                                    Map.of("name", Map.of("type", "string")))).build());
                    ANSWERS.add(answer.content());
                    return McpSchema.CallToolResult.builder().addTextContent("Hello, " + answer.content().get("name"))
                            .isError(false).build();
                })));
        inner = TestGateway.start(Map.of("gateway.upstreams", "{\"people\":\"" + origin.url() + "\"}",
                "gateway.exposure", "direct"));
        edge = TestGateway.start(Map.of("gateway.upstreams", "{\"inner\":\"" + inner.mcpUrl() + "\"}",
                "gateway.exposure", "direct"));
    }

    @AfterAll
    static void stop() throws Exception {
        edge.close();
        inner.close();
        origin.close();
    }

    @Test
    void aStatelessClientAnswersTheUpstreamsQuestionInItsRetry() throws Exception {
        ANSWERS.clear();
        JsonNode asked = call(inner, 1, "people_greet", "{\"elicitation\":{}}", null, null).get("result");
        assertThat(asked.path("resultType").asText()).isEqualTo("input_required");
        assertThat(asked.path("inputRequests").size()).isEqualTo(1);
        String key = asked.path("inputRequests").fieldNames().next();
        JsonNode question = asked.path("inputRequests").get(key);
        assertThat(question.path("method").asText()).isEqualTo("elicitation/create");
        assertThat(question.at("/params/message").asText()).isEqualTo("What is your name?");
        String state = asked.path("requestState").asText();
        assertThat(state).isNotBlank();
        assertThat(ANSWERS).isEmpty();

        JsonNode done = call(inner, 2, "people_greet", "{\"elicitation\":{}}",
                Json.object().set(key, answer("Ada")), state);
        assertThat(done.path("id").asInt()).isEqualTo(2);
        assertThat(done.at("/result/resultType").asText()).isEqualTo("complete");
        assertThat(done.at("/result/content/0/text").asText()).as(done.toString()).isEqualTo("Hello, Ada");
        assertThat(ANSWERS).containsExactly(Map.of("name", "Ada"));

        JsonNode replayed = call(inner, 3, "people_greet", "{\"elicitation\":{}}",
                Json.object().set(key, answer("Eve")), state);
        assertThat(replayed.at("/error/code").asInt()).as("a state is good for one retry").isEqualTo(-32602);
        assertThat(ANSWERS).hasSize(1);
    }

    @Test
    void anAlteredStateOrAnotherToolsRetryIsRefused() throws Exception {
        JsonNode asked = call(inner, 1, "people_greet", "{\"elicitation\":{}}", null, null).get("result");
        String state = asked.path("requestState").asText();
        String key = asked.path("inputRequests").fieldNames().next();
        JsonNode tampered = call(inner, 2, "people_greet", "{\"elicitation\":{}}",
                Json.object().set(key, answer("Ada")), state + "-TAMPERED");
        assertThat(tampered.at("/error/code").asInt()).isEqualTo(-32602);
        JsonNode notAnObject = call(inner, 3, "people_greet", "{\"elicitation\":{}}",
                Json.object().put(key, 12345), state);
        assertThat(notAnObject.at("/error/code").asInt()).isEqualTo(-32602);
        JsonNode stillWaiting = call(inner, 4, "people_greet", "{\"elicitation\":{}}",
                Json.object().set(key, answer("Grace")), state);
        assertThat(stillWaiting.at("/result/content/0/text").asText())
                .as("a refused retry leaves the request waiting").isEqualTo("Hello, Grace");
    }

    @Test
    void aClientWithoutTheCapabilityGetsMissingCapability() throws Exception {
        HttpResponse<String> r = post(inner, statelessCall(1, "people_greet", "{}", null, null));
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode error = Json.parse(r.body()).get("error");
        assertThat(error.path("code").asInt()).as(r.body()).isEqualTo(-32021);
        assertThat(error.at("/data/requiredCapabilities").has("elicitation")).isTrue();
    }

    @Test
    void stoppingTheGatewayGivesUpOnClientsThatDidNotComeBack() throws Exception {
        // a call still waiting for its client would hold the graceful shutdown for two minutes
        TestGateway own = TestGateway.start(Map.of("gateway.upstreams", "{\"people\":\"" + origin.url() + "\"}",
                "gateway.exposure", "direct", "gateway.upstream-timeout", "120", "camel.main.shutdown-timeout", "120"));
        JsonNode asked = call(own, 1, "people_greet", "{\"elicitation\":{}}", null, null).get("result");
        assertThat(asked.path("resultType").asText()).isEqualTo("input_required");
        assertThat(CompletableFuture.runAsync(own::close)).as("stopping gives up on the waiting call")
                .succeedsWithin(Duration.ofSeconds(60));
    }

    @Test
    void throughAStatelessUpstreamAStatelessClientIsAskedToo() throws Exception {
        JsonNode asked = call(edge, 1, "inner_people_greet", "{\"elicitation\":{}}", null, null).get("result");
        assertThat(asked.path("resultType").asText()).as(asked.toString()).isEqualTo("input_required");
        String key = asked.path("inputRequests").fieldNames().next();
        assertThat(asked.at("/inputRequests/" + key + "/params/message").asText()).isEqualTo("What is your name?");
        JsonNode done = call(edge, 2, "inner_people_greet", "{\"elicitation\":{}}",
                Json.object().set(key, answer("Lin")), asked.path("requestState").asText());
        assertThat(done.at("/result/content/0/text").asText()).as(done.toString()).isEqualTo("Hello, Lin");
        assertThat(inner.sessionCount()).as("the edge spoke to the inner gateway without a session").isZero();
    }

    @Test
    void throughAStatelessUpstreamASessionsClientIsAskedOnItsStream() throws Exception {
        SessionClient client = SessionClient.initialize(edge.mcpUrl(), "{\"elicitation\":{}}");
        try (BufferedReader events = client.call(2, "inner_people_greet")) {
            JsonNode request = SessionClient.next(events);
            assertThat(request.path("method").asText()).isEqualTo("elicitation/create");
            assertThat(request.at("/params/message").asText()).isEqualTo("What is your name?");
            assertThat(client.answer(request, answer("Kim"))).isEqualTo(202);
            JsonNode response = SessionClient.next(events);
            assertThat(response.path("id").asInt()).isEqualTo(2);
            assertThat(response.at("/result/content/0/text").asText()).as(response.toString()).isEqualTo("Hello, Kim");
        }
    }

    private static ObjectNode answer(String name) {
        ObjectNode answer = Json.object().put("action", "accept");
        answer.putObject("content").put("name", name);
        return answer;
    }

    private static JsonNode call(TestGateway gateway, int id, String tool, String capabilities, ObjectNode answers,
                                 String state) throws Exception {
        HttpResponse<String> r = post(gateway, statelessCall(id, tool, capabilities, answers, state));
        return Json.parse(r.body());
    }

    private static ObjectNode statelessCall(int id, String tool, String capabilities, ObjectNode answers, String state) {
        ObjectNode message = Json.object().put("jsonrpc", "2.0").put("id", id).put("method", "tools/call");
        ObjectNode params = message.putObject("params").put("name", tool);
        params.putObject("arguments");
        ObjectNode meta = params.putObject("_meta").put("io.modelcontextprotocol/protocolVersion", "2026-07-28");
        meta.set("io.modelcontextprotocol/clientCapabilities", Json.parse(capabilities));
        if (answers != null) {
            params.set("inputResponses", answers);
        }
        if (state != null) {
            params.put("requestState", state);
        }
        return message;
    }

    private static HttpResponse<String> post(TestGateway gateway, ObjectNode message) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(gateway.mcpUrl()))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .header("MCP-Protocol-Version", "2026-07-28").header("Mcp-Method", "tools/call")
                .header("Mcp-Name", message.at("/params/name").asText())
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(message))).build(), HttpResponse.BodyHandlers.ofString());
    }
}
