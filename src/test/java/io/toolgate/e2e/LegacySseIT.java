package io.toolgate.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.toolgate.testing.NodeMcpClient;
import io.toolgate.testing.TestGateway;
import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.toolgate.testing.NodeMcpClient.call;
import static io.toolgate.testing.NodeMcpClient.json;
import static io.toolgate.testing.NodeMcpClient.op;
import static io.toolgate.testing.NodeMcpClient.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A legacy HTTP+SSE upstream end to end: the published reference server {@code @modelcontextprotocol/server-everything}
 * (from npm) in its {@code sse} mode on loopback, configured with {@code "transport": "sse"}, behind the gateway, driven
 * by the official TypeScript client over Streamable HTTP.
 */
class LegacySseIT {

    private static final String ARCHITECTURE = "demo://resource/static/document/architecture.md";
    static int port;
    static Process everything;
    static TestGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        port = AvailablePortFinder.getNextAvailable();
        everything = NodeMcpClient.startServer("everything.mjs", port, "sse");
        gateway = TestGateway.start(Map.of("gateway.upstreams",
                "{\"everything\":{\"url\":\"http://127.0.0.1:" + port + "/sse\",\"transport\":\"sse\"}}"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        everything.destroy();
        everything.waitFor();
    }

    @Test
    void toolsProgressResourcesAndPromptsOfAnSseUpstream() throws Exception {
        JsonNode r = NodeMcpClient.run(gateway.mcpUrl(), List.of(
                call("discover_tools", Map.of("domain", "everything")),
                call("execute_tool", Map.of("tool_name", "everything_echo", "arguments", Map.of("message", "hello"))),
                Map.of("tool", "execute_tool", "progress", true, "arguments", Map.of(
                        "tool_name", "everything_trigger-long-running-operation",
                        "arguments", Map.of("duration", 0.6, "steps", 3))),
                op("listResources"),
                Map.of("op", "readResource", "uri", "toolgate://everything/" + ARCHITECTURE),
                op("listPrompts"),
                Map.of("op", "getPrompt", "name", "everything_args-prompt",
                        "arguments", Map.of("city", "Paris", "state", "Texas")))).path("results");

        assertThat(json(r.get(0)).path("tools").findValuesAsText("name"))
                .contains("everything_echo", "everything_trigger-long-running-operation");
        assertThat(text(r.get(1))).isEqualTo("Echo: hello");

        JsonNode longRunning = r.get(2);
        assertThat(text(longRunning)).startsWith("Long running operation completed");
        assertThat(longRunning.path("progress").findValuesAsText("progress")).containsExactly("1", "2", "3");
        assertThat(longRunning.path("progress").findValuesAsText("total")).containsOnly("3");

        assertThat(r.get(3).path("resources").findValuesAsText("uri")).contains("toolgate://everything/" + ARCHITECTURE);
        JsonNode content = r.get(4).at("/contents/0");
        assertThat(content.path("uri").asText()).isEqualTo("toolgate://everything/" + ARCHITECTURE);
        assertThat(content.path("text").asText()).isNotBlank();

        assertThat(r.get(5).path("prompts").findValuesAsText("name")).contains("everything_args-prompt");
        assertThat(r.get(6).at("/messages/0/content/text").asText()).contains("Paris, Texas");
    }

    @Test
    void aRestartedServerIsReachedAgainOnANewStream() throws Exception {
        everything.destroy();
        everything.waitFor();
        everything = NodeMcpClient.startServer("everything.mjs", port, "sse");

        JsonNode r = NodeMcpClient.run(gateway.mcpUrl(), List.of(call("execute_tool",
                Map.of("tool_name", "everything_echo", "arguments", Map.of("message", "again"))))).path("results");

        assertThat(text(r.get(0))).isEqualTo("Echo: again");
    }
}
