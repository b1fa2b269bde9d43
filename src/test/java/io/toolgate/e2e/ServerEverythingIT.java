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
import static io.toolgate.testing.NodeMcpClient.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The published reference server {@code @modelcontextprotocol/server-everything} (from npm, Streamable HTTP on
 * loopback) behind the gateway, driven by the official TypeScript client.
 */
class ServerEverythingIT {

    static Process everything;
    static TestGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        int port = AvailablePortFinder.getNextAvailable();
        everything = NodeMcpClient.startServer("everything.mjs", port);
        gateway = TestGateway.start(Map.of("gateway.upstreams", "{\"everything\":\"http://127.0.0.1:" + port + "/mcp\"}",
                "gateway.search", "hybrid"));
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
    void discoverSchemaExecuteAgainstTheReferenceServer() throws Exception {
        JsonNode r = NodeMcpClient.run(gateway.mcpUrl(), List.of(
                call("discover_tools", Map.of("domain", "everything")),
                call("discover_tools", Map.of("query", "a tool to add two numbers")),
                call("get_tool_schema", Map.of("tool_name", "everything_echo")),
                call("execute_tool", Map.of("tool_name", "everything_echo", "arguments", Map.of("message", "hello"))),
                call("execute_tool", Map.of("tool_name", "everything_get-sum", "arguments", Map.of("a", 2, "b", 3))),
                call("execute_tool", Map.of("tool_name", "everything_get-tiny-image")),
                call("execute_tool", Map.of("tool_name", "everything_get-structured-content", "arguments", Map.of("location", "New York"))),
                call("execute_tool", Map.of("tool_name", "everything_echo", "arguments", Map.of("message", 1))))).path("results");
        List<String> names = json(r.get(0)).path("tools").findValuesAsText("name");
        assertThat(names).contains("everything_echo", "everything_get-sum", "everything_get-tiny-image");
        assertThat(json(r.get(1)).at("/results/0/name").asText()).isEqualTo("everything_get-sum");
        assertThat(json(r.get(2)).at("/parameters/properties/message/type").asText()).isEqualTo("string");
        assertThat(text(r.get(3))).isEqualTo("Echo: hello");
        assertThat(text(r.get(4))).contains("5");
        assertThat(r.get(5).path("content").findValuesAsText("type")).contains("image");
        assertThat(r.get(6).path("structuredContent").path("temperature").isNumber()).isTrue();
        assertThat(json(r.get(7)).path("code").asText()).isEqualTo("invalid_arguments");
    }
}
