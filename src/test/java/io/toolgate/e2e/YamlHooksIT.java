package io.toolgate.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.toolgate.testing.Fixtures;
import io.toolgate.testing.NodeMcpClient;
import io.toolgate.testing.TestGateway;
import io.toolgate.testing.TestUpstream;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static io.toolgate.testing.NodeMcpClient.call;
import static io.toolgate.testing.NodeMcpClient.json;
import static io.toolgate.testing.NodeMcpClient.text;
import static org.assertj.core.api.Assertions.assertThat;

/** The YAML hook examples of examples/hooks, loaded with GATEWAY_ROUTES, driven by the official TypeScript client. */
class YamlHooksIT {

    private static final String TEST_USER = "src/test/resources/hooks/authenticate-test-user.camel.yaml";
    private static final Map<String, String> WRITER = Map.of("X-Test-User", "bob", "X-Test-Scopes", "crm:read crm:write");
    private static final Map<String, Object> JANE = Map.of("name", "Jane", "email", "jane@example.com");

    private static TestGateway gateway(TestUpstream crm, String routes) throws Exception {
        return TestGateway.start(Map.of("gateway.upstreams", "{\"crm\":\"" + crm.url() + "\"}", "gateway.routes", routes));
    }

    @Test
    void aSessionBelongsToTheUserTheAuthenticateHookReturned() throws Exception {
        try (TestUpstream crm = TestUpstream.start(Fixtures.crm()); TestGateway gw = gateway(crm, TEST_USER)) {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> init = http.send(mcp(gw, "bob", null).POST(HttpRequest.BodyPublishers.ofString(
                    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                            + "\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
            String list = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}";
            for (String intruder : new String[]{"mallory", null}) {
                assertThat(http.send(mcp(gw, intruder, session).POST(HttpRequest.BodyPublishers.ofString(list)).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode()).as("POST by %s", intruder).isEqualTo(404);
                assertThat(http.send(mcp(gw, intruder, session).header("Accept", "text/event-stream").GET().build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode()).as("GET by %s", intruder).isEqualTo(404);
                assertThat(http.send(mcp(gw, intruder, session).DELETE().build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode()).as("DELETE by %s", intruder).isEqualTo(404);
            }
            HttpResponse<String> owner = http.send(mcp(gw, "bob", session).POST(HttpRequest.BodyPublishers.ofString(list)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(owner.statusCode()).isEqualTo(200);
            assertThat(owner.body()).contains("discover_tools");
        }
    }

    private static HttpRequest.Builder mcp(TestGateway gw, String user, String session) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gw.mcpUrl())).header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream").header("MCP-Protocol-Version", "2025-06-18");
        if (user != null) {
            b.header("X-Test-User", user);
        }
        if (session != null) {
            b.header("Mcp-Session-Id", session);
        }
        return b;
    }

    @Test
    void denyToolRefusesWritesWithoutTheScope() throws Exception {
        try (TestUpstream crm = TestUpstream.start(Fixtures.crm());
             TestGateway gw = gateway(crm, "examples/hooks/deny-tool.camel.yaml," + TEST_USER)) {
            JsonNode anonymous = NodeMcpClient.run(gw.mcpUrl(), List.of(
                    call("execute_tool", Map.of("tool_name", "crm_contacts_create", "arguments", JANE)),
                    call("execute_tool", Map.of("tool_name", "crm_contacts_search", "arguments", Map.of("query", "Jane")))))
                    .path("results");
            JsonNode denied = json(anonymous.get(0));
            assertThat(denied.path("code").asText()).isEqualTo("write_scope_required");
            assertThat(denied.path("error").asText())
                    .isEqualTo("Tool 'crm_contacts_create' changes data and needs the crm:write scope");
            assertThat(Map.of("tool", denied.at("/details/tool").asText(), "domain", denied.at("/details/domain").asText()))
                    .isEqualTo(Map.of("tool", "crm_contacts_create", "domain", "crm"));
            assertThat(anonymous.get(0).path("isError").asBoolean()).isTrue();
            assertThat(text(anonymous.get(1))).contains("Jane Doe");

            JsonNode writer = NodeMcpClient.run(gw.mcpUrl(), List.of(
                    call("execute_tool", Map.of("tool_name", "crm_contacts_create", "arguments", JANE))), WRITER).path("results");
            assertThat(text(writer.get(0))).isEqualTo("created Jane");
            assertThat(crm.calls()).extracting(TestUpstream.Call::tool)
                    .containsExactly("crm_contacts_search", "crm_contacts_create");
        }
    }

    @Test
    void addUpstreamHeaderWinsOverStaticHeaders() throws Exception {
        try (TestUpstream crm = TestUpstream.start(Fixtures.crm());
             TestGateway gw = TestGateway.start(Map.of(
                     "gateway.upstreams", "{\"crm\":\"" + crm.url() + "\"}",
                     "gateway.upstream-headers", "{\"crm\":{\"x-on-behalf-of\":\"static\"}}",
                     "gateway.routes", "examples/hooks/add-upstream-header.camel.yaml," + TEST_USER))) {
            NodeMcpClient.run(gw.mcpUrl(), List.of(call("execute_tool", Map.of("tool_name", "crm_deals_list"))));
            NodeMcpClient.run(gw.mcpUrl(), List.of(call("execute_tool", Map.of("tool_name", "crm_deals_list"))), WRITER);
            assertThat(crm.calls()).extracting(c -> c.headers().get("x-on-behalf-of")).containsExactly("anonymous", "bob");
            assertThat(crm.calls()).allSatisfy(c -> assertThat(c.headers().get("x-request-id")).isNotBlank());
            assertThat(crm.calls().get(0).headers().get("x-request-id"))
                    .isNotEqualTo(crm.calls().get(1).headers().get("x-request-id"));
        }
    }

    @Test
    void aJavaScriptHookNormalisesTheQueryTheUpstreamReceives() throws Exception {
        try (TestUpstream crm = TestUpstream.start(Fixtures.crm());
             TestGateway gw = gateway(crm, "examples/hooks/normalize-query-js.camel.yaml")) {
            NodeMcpClient.run(gw.mcpUrl(), List.of(
                    call("execute_tool", Map.of("tool_name", "crm_contacts_search", "arguments", Map.of("query", "  Jane DOE "))),
                    call("execute_tool", Map.of("tool_name", "crm_deals_list"))));
            assertThat(crm.calls()).hasSize(2);
            assertThat(crm.calls().get(0).arguments()).containsEntry("query", "jane doe");
            assertThat(crm.calls().get(0).headers()).containsEntry("x-query-words", "2");
            assertThat(crm.calls().get(1).headers()).doesNotContainKey("x-query-words");
        }
    }

    @Test
    void rewriteResultRedactsEmailAddresses() throws Exception {
        try (TestUpstream crm = TestUpstream.start(Fixtures.crm());
             TestGateway gw = gateway(crm, "examples/hooks/rewrite-result.camel.yaml")) {
            JsonNode r = NodeMcpClient.run(gw.mcpUrl(), List.of(
                    call("execute_tool", Map.of("tool_name", "crm_contacts_create",
                            "arguments", Map.of("name", "jane.doe@mail.example.com", "email", "x@y.z"))),
                    call("execute_tool", Map.of("tool_name", "crm_stats")))).path("results");
            assertThat(text(r.get(0))).isEqualTo("created [email redacted]");
            assertThat(crm.calls().get(0).arguments()).containsEntry("name", "jane.doe@mail.example.com");
            assertThat(r.get(1).path("structuredContent").path("n").asInt()).isEqualTo(1);
            assertThat(r.get(1).path("content")).hasSize(2);
        }
    }

    @Test
    void hideToolsRemovesWriteToolsEverywhereForReaders() throws Exception {
        try (TestUpstream crm = TestUpstream.start(Fixtures.crm());
             TestGateway gw = gateway(crm, "examples/hooks/hide-tools.camel.yaml," + TEST_USER)) {
            List<Map<String, Object>> steps = List.of(
                    call("discover_tools", Map.of()),
                    call("discover_tools", Map.of("domain", "crm")),
                    call("discover_tools", Map.of("query", "create contact")),
                    call("get_tool_schema", Map.of("tool_name", "crm_contacts_create")),
                    call("execute_tool", Map.of("tool_name", "crm_contacts_creat", "arguments", JANE)),
                    call("execute_tool", Map.of("tool_name", "crm_contacts_create", "arguments", JANE)));
            JsonNode reader = NodeMcpClient.run(gw.mcpUrl(), steps).path("results");
            assertThat(json(reader.get(0)).at("/domains/0/tool_count").asInt()).isEqualTo(4);
            assertThat(json(reader.get(1)).path("tools").findValuesAsText("name")).doesNotContain("crm_contacts_create")
                    .contains("crm_contacts_search");
            assertThat(json(reader.get(2)).path("results").findValuesAsText("name")).doesNotContain("crm_contacts_create");
            for (int i = 3; i <= 5; i++) {
                JsonNode err = json(reader.get(i));
                assertThat(err.path("code").asText()).isEqualTo("tool_not_found");
                List<String> suggestions = new ArrayList<>();
                err.at("/details/suggestions").forEach(s -> suggestions.add(s.asText()));
                assertThat(suggestions).doesNotContain("crm_contacts_create");
                assertThat(err.path("error").asText()).doesNotContain("crm_contacts_create'?");
            }

            JsonNode writer = NodeMcpClient.run(gw.mcpUrl(), steps, WRITER).path("results");
            assertThat(json(writer.get(0)).at("/domains/0/tool_count").asInt()).isEqualTo(5);
            assertThat(json(writer.get(3)).path("name").asText()).isEqualTo("crm_contacts_create");
            assertThat(json(writer.get(4)).at("/details/suggestions/0").asText()).isEqualTo("crm_contacts_create");
            assertThat(text(writer.get(5))).isEqualTo("created Jane");
            assertThat(crm.calls()).extracting(TestUpstream.Call::tool).containsExactly("crm_contacts_create");
        }
    }
}
