package io.toolgate.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.toolgate.exchange.McpHeaders;
import io.toolgate.json.Json;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * JSON-RPC requests handed straight to the {@code mcp-dispatch} route, as the {@code /mcp} handler hands them, for
 * route tests without HTTP.
 */
public final class McpDispatch {

    private final ProducerTemplate template;

    public McpDispatch(CamelContext context) {
        this.template = context.createProducerTemplate();
    }

    /** The exchange after {@code tools/call} of {@code tool} with {@code arguments} (JSON text) and the caller's headers. */
    public Exchange callTool(String tool, String arguments, Map<String, String> requestHeaders) {
        JsonNode message = Json.parse("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\""
                + tool + "\",\"arguments\":" + arguments + "}}");
        Exchange e = template.request("direct:mcp-dispatch", ex -> {
            ex.getIn().setBody(message);
            ex.getIn().setHeader(McpHeaders.METHOD, "tools/call");
            ex.getIn().setHeader(McpHeaders.RPC_ID, message.get("id"));
            ex.getIn().setHeader(McpHeaders.REQUEST_HEADERS, requestHeaders);
        });
        assertThat(e.getException()).isNull();
        return e;
    }

    /** {@code execute_tool} of {@code tool} with {@code arguments} (JSON text): the {@code CallToolResult} answered. */
    public JsonNode execute(String tool, String arguments) {
        return result(callTool("execute_tool", "{\"tool_name\":\"" + tool + "\",\"arguments\":" + arguments + "}", Map.of()));
    }

    /** The {@code CallToolResult} of a {@code tools/call} exchange. */
    public static JsonNode result(Exchange e) {
        JsonNode response = e.getMessage().getBody(JsonNode.class);
        assertThat(response.path("id").asInt()).isEqualTo(7);
        return response.path("result");
    }

    /** The first text block of a result, parsed as JSON (a tool error's {@code {"error","code","details"}}). */
    public static JsonNode textJson(JsonNode result) {
        return Json.parse(result.at("/content/0/text").asText());
    }
}
