package io.toolgate.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.toolgate.json.Json;
import io.toolgate.testing.NodeMcpClient;
import io.toolgate.testing.TestGateway;
import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The tasks extension for stateless clients, against the conformance fixture's tools that declare
 * {@code execution.taskSupport}: created at once, followed with {@code tasks/get}, questions answered with
 * {@code tasks/update}, cancelled, failed; refused without the extension.
 */
class TasksIT {

    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final String WITH_TASKS = "{\"elicitation\":{},\"extensions\":{\"io.modelcontextprotocol/tasks\":{}}}";
    static Process fixture;
    static int fixturePort;
    static TestGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        fixturePort = AvailablePortFinder.getNextAvailable();
        fixture = NodeMcpClient.startServer("conformance-fixture.mjs", fixturePort);
        gateway = TestGateway.start(Map.of("gateway.upstreams", "{\"fixture\":\"http://127.0.0.1:" + fixturePort + "/mcp\"}",
                "gateway.exposure", "direct", "gateway.tool-naming", "bare"));
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        fixture.destroy();
        fixture.waitFor();
    }

    @Test
    void aTaskSupportingToolRunsAsATaskWhoseResultTasksGetInlines() throws Exception {
        JsonNode discover = send("server/discover", null, Json.object(), WITH_TASKS).get("result");
        assertThat(discover.at("/capabilities/extensions").has("io.modelcontextprotocol/tasks")).isTrue();

        JsonNode created = call("slow_compute", Json.object().put("seconds", 1).put("label", "a"), WITH_TASKS).get("result");
        assertThat(created.path("resultType").asText()).isEqualTo("task");
        assertThat(created.path("status").asText()).isEqualTo("working");
        assertThat(created.path("ttlMs").isIntegralNumber()).isTrue();
        String taskId = created.path("taskId").asText();
        assertThat(task("tasks/get", taskId).at("/result/status").asText()).as("readable at once").isEqualTo("working");

        JsonNode done = awaitStatus(taskId, "completed");
        assertThat(done.at("/result/content/0/text").asText()).isEqualTo("computed a after 1 s");
        assertThat(done.path("resultType").asText()).isEqualTo("complete");

        JsonNode sync = call("greet", Json.object().put("name", "Ada"), WITH_TASKS).get("result");
        assertThat(sync.path("resultType").asText()).as("a tool without task support answers at once").isEqualTo("complete");
        assertThat(sync.at("/content/0/text").asText()).isEqualTo("Hello, Ada!");
    }

    @Test
    void aTasksQuestionIsAskedThroughTasksGetAndAnsweredWithTasksUpdate() throws Exception {
        String taskId = call("confirm_delete", Json.object(), WITH_TASKS).at("/result/taskId").asText();
        JsonNode waiting = awaitStatus(taskId, "input_required");
        String key = waiting.path("inputRequests").fieldNames().next();
        assertThat(waiting.at("/inputRequests/" + key + "/method").asText()).isEqualTo("elicitation/create");

        ObjectNode params = Json.object().put("taskId", taskId);
        params.putObject("inputResponses").putObject(key).put("action", "accept").putObject("content").put("ok", true);
        JsonNode ack = send("tasks/update", taskId, params, WITH_TASKS).get("result");
        assertThat(ack).isEqualTo(Json.parse("{\"resultType\":\"complete\"}"));
        assertThat(awaitStatus(taskId, "completed").at("/result/content/0/text").asText()).isEqualTo("deleted");
    }

    @Test
    void aCancelledTaskStopsAndAFailedOneCarriesItsError() throws Exception {
        String slow = call("slow_compute", Json.object().put("seconds", 60), WITH_TASKS).at("/result/taskId").asText();
        assertThat(task("tasks/cancel", slow).get("result")).isEqualTo(Json.parse("{\"resultType\":\"complete\"}"));
        assertThat(task("tasks/get", slow).at("/result/status").asText()).isEqualTo("cancelled");
        assertThat(task("tasks/cancel", slow).get("result")).as("idempotent")
                .isEqualTo(Json.parse("{\"resultType\":\"complete\"}"));

        String crashed = call("protocol_error_job", Json.object(), WITH_TASKS).at("/result/taskId").asText();
        JsonNode failed = awaitStatus(crashed, "failed");
        assertThat(failed.at("/error/code").asInt()).isEqualTo(-32603);
        assertThat(failed.has("result")).isFalse();

        String toolError = call("failing_job", Json.object(), WITH_TASKS).at("/result/taskId").asText();
        JsonNode completed = awaitStatus(toolError, "completed");
        assertThat(completed.at("/result/isError").asBoolean()).as("a tool error is a completed task").isTrue();
    }

    @Test
    void withoutTheExtensionTasksAreRefused() throws Exception {
        JsonNode required = call("failing_job", Json.object(), "{}");
        assertThat(required.at("/error/code").asInt()).isEqualTo(-32021);
        assertThat(required.at("/error/data/requiredCapabilities/extensions").has("io.modelcontextprotocol/tasks")).isTrue();
        assertThat(call("slow_compute", Json.object().put("seconds", 0), "{}").at("/result/resultType").asText())
                .as("an optional one runs at once").isEqualTo("complete");
        assertThat(send("tasks/get", "x", Json.object().put("taskId", "x"), "{}").at("/error/code").asInt()).isEqualTo(-32021);
        assertThat(task("tasks/get", "no-such-task").at("/error/code").asInt()).isEqualTo(-32602);
        assertThat(send("tasks/list", null, Json.object(), WITH_TASKS).at("/error/code").asInt())
                .as("removed in the extension's second version").isEqualTo(-32601);
    }

    @Test
    void metaExposureOffersNoTasks() throws Exception {
        try (TestGateway meta = TestGateway.start(Map.of(
                "gateway.upstreams", "{\"fixture\":\"http://127.0.0.1:" + fixturePort + "/mcp\"}",
                "gateway.exposure", "meta", "gateway.tool-naming", "bare"))) {
            JsonNode discover = send(meta, "server/discover", null, Json.object(), WITH_TASKS).get("result");
            assertThat(discover.path("capabilities").has("extensions")).isFalse();
            ObjectNode params = Json.object().put("name", "slow_compute");
            params.putObject("arguments").put("seconds", 0);
            JsonNode direct = send(meta, "tools/call", "slow_compute", params, WITH_TASKS);
            assertThat(direct.at("/result/resultType").asText()).as(direct.toString()).isNotEqualTo("task");
            assertThat(direct.at("/result/taskId").isMissingNode()).isTrue();
        }
    }

    private static JsonNode awaitStatus(String taskId, String status) {
        AtomicReference<JsonNode> last = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            last.set(task("tasks/get", taskId).get("result"));
            assertThat(last.get().path("status").asText()).as(last.get().toString()).isEqualTo(status);
        });
        return last.get();
    }

    private static JsonNode task(String method, String taskId) throws Exception {
        return send(method, taskId, Json.object().put("taskId", taskId), WITH_TASKS);
    }

    private static JsonNode call(String tool, ObjectNode arguments, String capabilities) throws Exception {
        ObjectNode params = Json.object().put("name", tool);
        params.set("arguments", arguments);
        return send("tools/call", tool, params, capabilities);
    }

    private static JsonNode send(String method, String name, ObjectNode params, String capabilities) throws Exception {
        return send(gateway, method, name, params, capabilities);
    }

    private static JsonNode send(TestGateway gateway, String method, String name, ObjectNode params, String capabilities)
            throws Exception {
        ObjectNode meta = params.putObject("_meta").put("io.modelcontextprotocol/protocolVersion", "2026-07-28");
        meta.set("io.modelcontextprotocol/clientCapabilities", Json.parse(capabilities));
        ObjectNode message = Json.object().put("jsonrpc", "2.0").put("id", 1).put("method", method);
        message.set("params", params);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gateway.mcpUrl()))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .header("MCP-Protocol-Version", "2026-07-28").header("Mcp-Method", method)
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(message)));
        if (name != null) {
            b.header("Mcp-Name", name);
        }
        return Json.parse(HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString()).body());
    }
}
