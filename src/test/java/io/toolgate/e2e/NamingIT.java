package io.toolgate.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.toolgate.testing.NodeMcpClient;
import io.toolgate.testing.TestGateway;
import io.toolgate.testing.TestUpstream;
import io.toolgate.testing.TestUpstream.ToolDef;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.toolgate.testing.NodeMcpClient.call;
import static io.toolgate.testing.NodeMcpClient.json;
import static io.toolgate.testing.NodeMcpClient.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Naming and schema hygiene with real upstreams: prefixed names are deterministic and the upstream is called by its
 * own name; collision naming prefixes only the names two domains share; unusual real-world names and schemas are
 * accepted, and what is refused is reported.
 */
class NamingIT {

    private static final String EMPTY = "{\"type\":\"object\",\"properties\":{}}";

    private static List<ToolDef> searchTools(String who) {
        return List.of(ToolDef.text("search", "Search " + who + ".", EMPTY, args -> who),
                ToolDef.text(who + "_only", "Unique to " + who + ".", EMPTY, args -> who + " only"));
    }

    @Test
    void prefixedNamingIsDeterministicAndDispatchesTheOriginalName() throws Exception {
        try (TestUpstream a = TestUpstream.start(searchTools("a"));
             TestUpstream b = TestUpstream.start(searchTools("b"));
             TestGateway gw = TestGateway.start(Map.of("gateway.upstreams",
                     "{\"a\":\"" + a.url() + "\",\"b\":\"" + b.url() + "\"}"))) {
            JsonNode r = NodeMcpClient.run(gw.mcpUrl(), List.of(
                    call("discover_tools", Map.of()),
                    call("get_tool_schema", Map.of("tool_name", "search")),
                    call("execute_tool", Map.of("tool_name", "a_search")),
                    call("discover_tools", Map.of("query", "search")))).path("results");
            assertThat(json(r.get(0)).at("/domains/0/groups/0").asText()).isEqualTo("general");
            assertThat(json(r.get(0)).at("/domains/0/groups/1").asText()).isEqualTo("only");
            assertThat(json(r.get(1)).at("/details/suggestions").toString()).isEqualTo("[\"a_search\",\"b_search\"]");
            assertThat(text(r.get(2))).isEqualTo("a");
            assertThat(a.calls()).extracting(TestUpstream.Call::tool).containsExactly("search");
            assertThat(json(r.get(3)).path("results").findValuesAsText("name")).startsWith("a_search", "b_search");
        }
    }

    @Test
    void collisionNamingPrefixesOnlyCollidingNames() throws Exception {
        try (TestUpstream a = TestUpstream.start(searchTools("a"));
             TestUpstream b = TestUpstream.start(searchTools("b"));
             TestGateway gw = TestGateway.start(Map.of("gateway.upstreams",
                     "{\"a\":\"" + a.url() + "\",\"b\":\"" + b.url() + "\"}", "gateway.tool-naming", "collision"))) {
            assertThat(gw.registry().snapshot().tools().keySet()).containsExactly("a_only", "a_search", "b_only", "b_search");
        }
        try (TestUpstream a = TestUpstream.start(List.of(ToolDef.text("lookup", "Look up.", EMPTY, args -> "x")));
             TestGateway gw = TestGateway.start(Map.of("gateway.upstreams",
                     "{\"a\":\"" + a.url() + "\"}", "gateway.tool-naming", "collision"))) {
            JsonNode r = NodeMcpClient.run(gw.mcpUrl(), List.of(call("execute_tool", Map.of("tool_name", "lookup"))));
            assertThat(text(r.at("/results/0"))).isEqualTo("x");
        }
    }

    @Test
    void realWorldNamesAndSchemasAreAcceptedAndRejectsAreReported() throws Exception {
        List<ToolDef> tools = List.of(
                ToolDef.text("resolve-library-id", "Hyphenated name.", EMPTY, args -> "ok"),
                ToolDef.text("print", "A Python builtin name.", EMPTY, args -> "ok"),
                ToolDef.text("nested", "Uses $defs and an array of objects.", """
                        {"type":"object","$defs":{"Row":{"type":"object","properties":{"x":{"type":"integer"}},"required":["x"]}},
                         "properties":{"rows":{"type":"array","items":{"$ref":"#/$defs/Row"}}},"required":["rows"]}""",
                        args -> "rows " + args.get("rows")),
                ToolDef.text("loop", "Recursive schema.", """
                        {"type":"object","$defs":{"N":{"type":"object","properties":{"next":{"$ref":"#/$defs/N"}}}},
                         "properties":{"n":{"$ref":"#/$defs/N"}}}""", args -> "never"));
        try (TestUpstream x = TestUpstream.start(tools);
             TestGateway gw = TestGateway.start(Map.of("gateway.upstreams", "{\"x\":\"" + x.url() + "\"}"))) {
            JsonNode r = NodeMcpClient.run(gw.mcpUrl(), List.of(
                    call("discover_tools", Map.of("domain", "x")),
                    call("get_tool_schema", Map.of("tool_name", "x_nested")),
                    call("execute_tool", Map.of("tool_name", "x_nested", "arguments", Map.of("rows", List.of(Map.of("x", "one"))))),
                    call("execute_tool", Map.of("tool_name", "x_nested", "arguments", Map.of("rows", List.of(Map.of("x", 1))))),
                    call("execute_tool", Map.of("tool_name", "x_resolve-library-id")),
                    call("refresh_registry", Map.of()))).path("results");
            assertThat(json(r.get(0)).path("tools").findValuesAsText("name"))
                    .containsExactly("x_nested", "x_print", "x_resolve-library-id");
            assertThat(json(r.get(1)).at("/parameters/properties/rows/items/properties/x/type").asText()).isEqualTo("integer");
            assertThat(json(r.get(1)).at("/parameters").has("$defs")).isFalse();
            assertThat(json(r.get(2)).at("/details/violations/0").asText()).isEqualTo("'rows[0].x' must be integer, got string");
            assertThat(text(r.get(3))).isEqualTo("rows [{x=1}]");
            assertThat(text(r.get(4))).isEqualTo("ok");
            JsonNode report = json(r.get(5)).at("/refreshed/0");
            assertThat(report.at("/rejected/0/name").asText()).isEqualTo("loop");
            assertThat(report.at("/rejected/0/reason").asText()).isEqualTo("invalid_schema: recursive $ref #/$defs/N");
        }
    }
}
