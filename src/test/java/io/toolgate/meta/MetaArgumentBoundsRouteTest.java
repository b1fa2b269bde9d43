package io.toolgate.meta;

import com.fasterxml.jackson.databind.JsonNode;
import io.toolgate.GatewayWiring;
import io.toolgate.exchange.McpHeaders;
import io.toolgate.json.Json;
import io.toolgate.registry.ToolRegistry;
import io.toolgate.testing.McpDispatch;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.toolgate.testing.McpDispatch.result;
import static io.toolgate.testing.McpDispatch.textJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The length bounds of the meta-tools' string arguments through {@code mcp-dispatch}: {@code query} up to 1,000
 * characters, names ({@code domain}, {@code group}, {@code tool_name}) up to 256; one character more is
 * {@code invalid_arguments} naming the argument and the bound, and {@code tools/list} declares them as
 * {@code maxLength}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@CamelMainTest(configurationClasses = GatewayWiring.class,
        properties = {"gateway.host=127.0.0.1", "gateway.port=0", "gateway.examples=true",
                "gateway.search=lexical"})
class MetaArgumentBoundsRouteTest {

    @BeanInject
    CamelContext context;

    @BeanInject
    ToolRegistry registry;

    private McpDispatch mcp;

    @BeforeEach
    void ready() {
        await().atMost(Duration.ofSeconds(30)).until(registry::isPopulated);
        mcp = new McpDispatch(context);
    }

    private JsonNode call(String tool, String arguments) {
        return result(mcp.callTool(tool, arguments, Map.of()));
    }

    private static String text(int length) {
        return "word ".repeat(length / 5) + "x".repeat(length % 5);
    }

    private static void assertTooLong(JsonNode result, String tool, String argument, int max, int length) {
        assertThat(result.path("isError").asBoolean()).isTrue();
        JsonNode error = textJson(result);
        assertThat(error.path("code").asText()).isEqualTo("invalid_arguments");
        String violation = "'" + argument + "' must be at most " + max + " characters, got " + length;
        assertThat(error.path("error").asText()).isEqualTo("Invalid arguments for '" + tool + "': " + violation + ".");
        assertThat(error.at("/details/violations")).isEqualTo(Json.array(List.of(violation)));
    }

    @Test
    void aQueryAtTheBoundIsSearched() {
        JsonNode result = call("discover_tools", "{\"query\":\"" + text(996) + "text\"}");

        assertThat(result.path("isError").asBoolean()).isFalse();
        assertThat(textJson(result).path("results")).isNotEmpty();
    }

    @Test
    void aLongerQueryIsInvalidArguments() {
        JsonNode result = call("discover_tools", "{\"query\":\"" + text(1001) + "\"}");

        assertTooLong(result, "discover_tools", "query", 1000, 1001);
    }

    @Test
    void theQueryIsCountedInCharactersNotUtf16Units() {
        JsonNode result = call("discover_tools", "{\"query\":\"" + "\uD83D\uDD0D".repeat(1000) + " text\"}");

        assertThat(result.path("isError").asBoolean()).isTrue();
        assertThat(textJson(result).at("/details/violations/0").asText())
                .isEqualTo("'query' must be at most 1000 characters, got 1005");
        assertThat(call("discover_tools", "{\"query\":\"" + "\uD83D\uDD0D".repeat(995) + " text\"}")
                .path("isError").asBoolean()).isFalse();
    }

    @Test
    void longerNamesAreInvalidArguments() {
        String name = "n".repeat(257);

        assertTooLong(call("discover_tools", "{\"domain\":\"" + name + "\"}"), "discover_tools", "domain", 256, 257);
        assertTooLong(call("discover_tools", "{\"domain\":\"examples\",\"group\":\"" + name + "\"}"),
                "discover_tools", "group", 256, 257);
        assertTooLong(call("get_tool_schema", "{\"tool_name\":\"" + name + "\"}"), "get_tool_schema", "tool_name", 256, 257);
        assertTooLong(call("execute_tool", "{\"tool_name\":\"" + name + "\",\"arguments\":{}}"),
                "execute_tool", "tool_name", 256, 257);
    }

    @Test
    void aNameAtTheBoundIsLookedUp() {
        JsonNode error = textJson(call("get_tool_schema", "{\"tool_name\":\"" + "n".repeat(256) + "\"}"));

        assertThat(error.path("code").asText()).isEqualTo("tool_not_found");
    }

    @Test
    void toolsListDeclaresTheBounds() {
        JsonNode message = Json.parse("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{}}");
        JsonNode tools = context.createProducerTemplate().request("direct:mcp-dispatch", e -> {
            e.getIn().setBody(message);
            e.getIn().setHeader(McpHeaders.METHOD, "tools/list");
            e.getIn().setHeader(McpHeaders.RPC_ID, message.get("id"));
            e.getIn().setHeader(McpHeaders.REQUEST_HEADERS, Map.of());
        }).getMessage().getBody(JsonNode.class).at("/result/tools");

        JsonNode discover = schema(tools, "discover_tools");
        assertThat(discover.at("/properties/query/maxLength").asInt()).isEqualTo(1000);
        assertThat(discover.at("/properties/domain/maxLength").asInt()).isEqualTo(256);
        assertThat(discover.at("/properties/group/maxLength").asInt()).isEqualTo(256);
        assertThat(schema(tools, "get_tool_schema").at("/properties/tool_name/maxLength").asInt()).isEqualTo(256);
        assertThat(schema(tools, "execute_tool").at("/properties/tool_name/maxLength").asInt()).isEqualTo(256);
    }

    private static JsonNode schema(JsonNode tools, String name) {
        for (JsonNode t : tools) {
            if (name.equals(t.path("name").asText())) {
                return t.path("inputSchema");
            }
        }
        throw new AssertionError("no tool " + name);
    }
}
