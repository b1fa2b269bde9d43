package io.toolgate.mcp;

import io.toolgate.exchange.McpHeaders;
import com.fasterxml.jackson.databind.JsonNode;
import io.toolgate.json.Json;
import io.toolgate.GatewayWiring;
import io.toolgate.registry.ToolRegistry;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dispatch routes under Camel Main with the built-in examples domain (a route-bound domain): JSON-RPC in,
 * JSON-RPC out, no HTTP involved.
 */
@CamelMainTest(configurationClasses = GatewayWiring.class,
        properties = {"gateway.host=127.0.0.1", "gateway.port=0", "gateway.examples=true"})
class McpDispatchRouteTest {

    @BeanInject
    CamelContext context;

    @BeanInject
    ToolRegistry registry;

    private ProducerTemplate template;

    @BeforeEach
    void ready() {
        template = context.createProducerTemplate();
        await().atMost(Duration.ofSeconds(30)).until(registry::isPopulated);
    }

    private JsonNode dispatch(String method, String params) {
        JsonNode message = Json.parse("{\"jsonrpc\":\"2.0\",\"id\":42,\"method\":\"" + method + "\",\"params\":" + params + "}");
        Exchange e = template.request("direct:mcp-dispatch", ex -> {
            ex.getIn().setBody(message);
            ex.getIn().setHeader(McpHeaders.METHOD, method);
            ex.getIn().setHeader(McpHeaders.RPC_ID, message.get("id"));
            ex.getIn().setHeader(McpHeaders.REQUEST_HEADERS, Map.of());
        });
        assertThat(e.getException()).isNull();
        JsonNode response = e.getMessage().getBody(JsonNode.class);
        assertThat(response.path("id").asInt()).isEqualTo(42);
        return response;
    }

    private JsonNode callTool(String name, String arguments) {
        return dispatch("tools/call", "{\"name\":\"" + name + "\",\"arguments\":" + arguments + "}").path("result");
    }

    private static JsonNode textJson(JsonNode result) {
        return Json.parse(result.at("/content/0/text").asText());
    }

    @Test
    void routesHaveStableIds() {
        assertThat(context.getRoutes()).extracting(r -> r.getRouteId()).contains(
                "mcp-dispatch", "mcp-tools-call", "meta-discover-tools", "meta-get-tool-schema", "meta-execute-tool",
                "meta-refresh-registry", "execute-pipeline", "upstream-call", "registry-populate", "registry-refresh",
                "registry-refresh-timer", "healthz", "readyz", "examples");
    }

    @Test
    void statelessOnlyMethodsHaveRoutesOfTheirOwn() {
        assertThat(context.getRoutes()).extracting(r -> r.getRouteId())
                .contains("mcp-subscriptions-listen", "mcp-tasks");
    }

    @Test
    void tasksRequestOfASessionIsAnUnknownMethod() {
        JsonNode error = dispatch("tasks/get", "{\"taskId\":\"t1\"}").path("error");
        assertThat(error.path("code").asInt()).isEqualTo(-32601);
        assertThat(error.path("message").asText()).isEqualTo("Method not found: tasks/get");
    }

    @Test
    void tasksRequestWithoutTheExtensionNamesTheMissingCapability() {
        JsonNode message = Json.parse("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tasks/get\",\"params\":{\"taskId\":\"t1\"}}");
        Exchange e = template.request("direct:mcp-dispatch", ex -> {
            ex.getIn().setBody(message);
            ex.getIn().setHeader(McpHeaders.METHOD, "tasks/get");
            ex.getIn().setHeader(McpHeaders.RPC_ID, message.get("id"));
            ex.getIn().setHeader(McpHeaders.STATELESS, new StatelessRequest("2026-07-28", Json.object(), null));
        });
        JsonNode error = e.getMessage().getBody(JsonNode.class).path("error");
        assertThat(error.path("code").asInt()).isEqualTo(-32021);
        assertThat(error.at("/data/requiredCapabilities/extensions").has(Tasks.EXTENSION)).isTrue();
    }

    @Test
    void unknownTaskOfAClientWithTheExtensionIsInvalidParams() {
        JsonNode message = Json.parse("{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"tasks/cancel\",\"params\":{\"taskId\":\"nope\"}}");
        Exchange e = template.request("direct:mcp-dispatch", ex -> {
            ex.getIn().setBody(message);
            ex.getIn().setHeader(McpHeaders.METHOD, "tasks/cancel");
            ex.getIn().setHeader(McpHeaders.RPC_ID, message.get("id"));
            ex.getIn().setHeader(McpHeaders.STATELESS, new StatelessRequest("2026-07-28",
                    (com.fasterxml.jackson.databind.node.ObjectNode) Json.parse(
                            "{\"extensions\":{\"" + Tasks.EXTENSION + "\":{}}}"), null));
        });
        JsonNode error = e.getMessage().getBody(JsonNode.class).path("error");
        assertThat(error.path("code").asInt()).isEqualTo(-32602);
        assertThat(error.path("message").asText()).isEqualTo("Invalid params: unknown taskId");
    }

    @Test
    void initializeWithNullParamsIsInvalidParams() {
        JsonNode error = dispatch("initialize", "null").path("error");
        assertThat(error.path("code").asInt()).isEqualTo(-32602);
        assertThat(error.path("message").asText()).isEqualTo("Invalid params: protocolVersion must be a string");
    }

    @Test
    void initializeWithoutProtocolVersionIsInvalidParams() {
        JsonNode error = dispatch("initialize", "{\"capabilities\":{}}").path("error");
        assertThat(error.path("code").asInt()).isEqualTo(-32602);
        assertThat(error.path("message").asText()).isEqualTo("Invalid params: protocolVersion must be a string");
    }

    @Test
    void initializeOpensASessionWithInstructions() {
        JsonNode r = dispatch("initialize", "{\"protocolVersion\":\"2025-06-18\"}").path("result");
        assertThat(r.path("protocolVersion").asText()).isEqualTo("2025-06-18");
        assertThat(r.at("/serverInfo/name").asText()).isEqualTo("toolgate");
        assertThat(r.path("instructions").asText()).contains("- **examples** (4 tools)");
    }

    @Test
    void discoverAndExecuteTheExampleRoutes() {
        assertThat(textJson(callTool("discover_tools", "{}"))).isEqualTo(Json.parse(
                "{\"domains\":[{\"name\":\"examples\",\"description\":\"\",\"tool_count\":4,\"groups\":[\"http\",\"text\",\"time\"]}],\"total_tools\":4}"));
        JsonNode time = callTool("execute_tool", "{\"tool_name\":\"examples_time_now\",\"arguments\":{\"timezone\":\"Asia/Tokyo\"}}");
        assertThat(time.at("/structuredContent/timezone").asText()).isEqualTo("Asia/Tokyo");
        assertThat(time.at("/structuredContent/iso").asText()).endsWith("+09:00");
        assertThat(callTool("execute_tool", "{\"tool_name\":\"examples_text_transform\",\"arguments\":{\"text\":\"aGk=\",\"operation\":\"base64_decode\"}}")
                .at("/content/0/text").asText()).isEqualTo("hi");
        assertThat(callTool("execute_tool", "{\"tool_name\":\"examples_text_stats\",\"arguments\":{\"text\":\"one two\\nthree\"}}")
                .path("structuredContent")).isEqualTo(Json.parse("{\"characters\":13,\"words\":3,\"lines\":2,\"bytes_utf8\":13}"));
        JsonNode badZone = callTool("execute_tool", "{\"tool_name\":\"examples_time_now\",\"arguments\":{\"timezone\":\"Mars/Base\"}}");
        assertThat(badZone.path("isError").asBoolean()).isTrue();
        assertThat(badZone.at("/content/0/text").asText()).startsWith("Unknown time zone 'Mars/Base'");
        JsonNode privateFetch = callTool("execute_tool", "{\"tool_name\":\"examples_http_get\",\"arguments\":{\"url\":\"http://127.0.0.1:1/\"}}");
        assertThat(privateFetch.at("/content/0/text").asText()).contains("private, loopback, link-local or reserved addresses is disabled");
    }

    @Test
    void protocolErrorsAreJsonRpcErrorsAndToolErrorsAreResults() {
        assertThat(dispatch("nope/nope", "{}").path("error")).isEqualTo(Json.parse(
                "{\"code\":-32601,\"message\":\"Method not found: nope/nope\"}"));
        assertThat(dispatch("tools/call", "{\"name\":42}").at("/error/code").asInt()).isEqualTo(-32602);
        JsonNode bad = callTool("get_tool_schema", "{\"tool_name\":\"examples_text_stat\"}");
        assertThat(bad.path("isError").asBoolean()).isTrue();
        assertThat(textJson(bad).at("/details/suggestions/0").asText()).isEqualTo("examples_text_stats");
        JsonNode unknownArg = callTool("execute_tool", "{\"tool_name\":\"examples_text_stats\",\"arguments\":{\"text\":\"x\",\"extra\":1}}");
        assertThat(textJson(unknownArg).at("/details/violations/0").asText()).isEqualTo("unknown argument 'extra'");
    }
}
