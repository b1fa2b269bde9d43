package io.toolgate.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.toolgate.json.Json;
import io.toolgate.testing.Fixtures;
import io.toolgate.testing.NodeMcpClient;
import io.toolgate.testing.TestGateway;
import io.toolgate.testing.TestUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.toolgate.testing.NodeMcpClient.call;
import static io.toolgate.testing.NodeMcpClient.json;
import static io.toolgate.testing.NodeMcpClient.op;
import static io.toolgate.testing.NodeMcpClient.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two fixture upstreams ({@link io.toolgate.testing.Fixtures}: crm and analytics, real MCP Java SDK servers over
 * HTTP) behind the gateway, driven by the
 * official TypeScript MCP client: handshake, discover → get_tool_schema → execute_tool, errors, refresh.
 */
class GatewayIT {

    static TestUpstream crm;
    static TestUpstream analytics;
    static TestGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        crm = TestUpstream.start(Fixtures.crm());
        analytics = TestUpstream.start(Fixtures.analytics());
        gateway = TestGateway.start(Map.of(
                "gateway.upstreams", "{\"crm\":\"" + crm.url() + "\",\"analytics\":\"" + analytics.url() + "\"}",
                "gateway.domain-descriptions", "{\"crm\":\"CRM system\"}"));
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        crm.close();
        analytics.close();
    }

    private static JsonNode run(List<Map<String, Object>> steps) throws Exception {
        return NodeMcpClient.run(gateway.mcpUrl(), steps);
    }

    @Test
    void handshakeListsExactlyTheMetaToolsAndDynamicInstructions() throws Exception {
        JsonNode report = run(List.of(op("listTools"), op("ping")));
        List<String> names = new ArrayList<>();
        report.at("/results/0/tools").forEach(t -> names.add(t.path("name").asText()));
        assertThat(names).containsExactly("discover_tools", "get_tool_schema", "execute_tool", "refresh_registry");
        JsonNode tools = report.at("/results/0/tools");
        assertThat(tools.at("/0/annotations/readOnlyHint").asBoolean()).isTrue();
        assertThat(tools.at("/0/annotations/openWorldHint").asBoolean()).isTrue();
        assertThat(tools.at("/1/annotations/openWorldHint").asBoolean()).isFalse();
        assertThat(tools.at("/2/annotations/readOnlyHint").asBoolean()).isFalse();
        assertThat(tools.at("/3/annotations/readOnlyHint").asBoolean()).isFalse();
        assertThat(report.at("/serverVersion/name").asText()).isEqualTo("toolgate");
        assertThat(report.path("protocolVersion").asText()).isEqualTo("2025-11-25");
        assertThat(report.path("instructions").asText())
                .contains("- **analytics** (2 tools)\n")
                .contains("- **crm** (5 tools) \u2014 CRM system")
                .contains("Workflow: discover_tools() \u2192 get_tool_schema() \u2192 execute_tool()");
        assertThat(report.at("/results/1").isObject()).isTrue();
    }

    @Test
    void discoverToolsModes() throws Exception {
        JsonNode r = run(List.of(
                call("discover_tools", Map.of()),
                call("discover_tools", Map.of("domain", "crm")),
                call("discover_tools", Map.of("domain", "crm", "group", "contacts")),
                call("discover_tools", Map.of("domain", "salesforce")),
                call("discover_tools", Map.of("domain", "crm", "group", "billing")),
                call("discover_tools", Map.of("query", "contacts search")),
                call("discover_tools", Map.of("domain", "crm", "query", "metric")),
                call("discover_tools", Map.of("query", "   ")),
                call("discover_tools", Map.of("domain", "crm", "group", "deals", "format", "signatures")),
                call("discover_tools", Map.of("format", "xml")),
                call("discover_tools", Map.of("domain", "")))).path("results");

        assertThat(json(r.get(0))).isEqualTo(Json.parse("""
                {"domains":[{"name":"analytics","description":"","tool_count":2,"groups":["metrics","reports"]},
                            {"name":"crm","description":"CRM system","tool_count":5,"groups":["contacts","deals","fail","stats"]}],
                 "total_tools":7}"""));
        JsonNode domain = json(r.get(1));
        assertThat(domain.path("domain").asText()).isEqualTo("crm");
        assertThat(domain.path("tools").findValuesAsText("name")).containsExactly(
                "crm_contacts_create", "crm_contacts_search", "crm_deals_list", "crm_fail", "crm_stats");
        assertThat(domain.at("/tools/2")).isEqualTo(Json.parse(
                "{\"name\":\"crm_deals_list\",\"group\":\"deals\",\"description\":\"List deals by status.\"}"));
        assertThat(json(r.get(2))).isEqualTo(Json.parse("""
                {"domain":"crm","group":"contacts","tools":[
                  {"name":"crm_contacts_create","description":"Create a new contact."},
                  {"name":"crm_contacts_search","description":"Search contacts by name or email."}]}"""));

        assertThat(r.get(3).path("isError").asBoolean()).isTrue();
        assertThat(json(r.get(3))).isEqualTo(Json.parse("""
                {"error":"Unknown domain 'salesforce'. Available domains: analytics, crm","code":"domain_not_found",
                 "details":{"domain":"salesforce","available_domains":["analytics","crm"]}}"""));
        assertThat(json(r.get(4)).path("code").asText()).isEqualTo("group_not_found");
        assertThat(json(r.get(4)).path("error").asText())
                .isEqualTo("Unknown group 'billing' in domain 'crm'. Available groups: contacts, deals, fail, stats");

        JsonNode search = json(r.get(5));
        assertThat(search.path("query").asText()).isEqualTo("contacts search");
        assertThat(search.path("results").findValuesAsText("name").get(0)).isEqualTo("crm_contacts_search");
        assertThat(search.at("/results/0")).isEqualTo(Json.parse("""
                {"name":"crm_contacts_search","domain":"crm","group":"contacts","description":"Search contacts by name or email."}"""));
        assertThat(json(r.get(6)).path("results").findValuesAsText("name")).containsExactly("analytics_metrics_query");
        assertThat(json(r.get(7))).isEqualTo(json(r.get(0)));
        assertThat(text(r.get(8))).isEqualTo("""
                /** List deals by status. */
                declare function crm_deals_list(args?: { status?: string /* default: "open" */ }): Promise<any>;""");
        assertThat(r.get(9).path("isError").asBoolean()).isTrue();
        assertThat(json(r.get(9)).path("code").asText()).isEqualTo("invalid_arguments");
        assertThat(json(r.get(10)).path("code").asText()).isEqualTo("domain_not_found");
    }

    @Test
    void getToolSchemaAndSuggestions() throws Exception {
        JsonNode r = run(List.of(
                call("get_tool_schema", Map.of("tool_name", "crm_contacts_search")),
                call("get_tool_schema", Map.of("tool_name", "crm_contacts")),
                call("get_tool_schema", Map.of("tool_name", "completely_unrelated_xyz")),
                call("get_tool_schema", Map.of("tool_name", "CRM_CONTACTS_SEARCH")),
                call("get_tool_schema", Map.of()))).path("results");
        assertThat(json(r.get(0))).isEqualTo(Json.parse("""
                {"name":"crm_contacts_search","domain":"crm","group":"contacts","description":"Search contacts by name or email.",
                 "parameters":{"type":"object","properties":{"query":{"type":"string"},"limit":{"type":"integer","default":10}},"required":["query"]}}"""));
        assertThat(json(r.get(1))).isEqualTo(Json.parse("""
                {"error":"Unknown tool 'crm_contacts'. Did you mean 'crm_contacts_create', 'crm_contacts_search', 'crm_deals_list'?",
                 "code":"tool_not_found","details":{"tool_name":"crm_contacts","suggestions":["crm_contacts_create","crm_contacts_search","crm_deals_list"]}}"""));
        assertThat(json(r.get(2)).path("error").asText()).endsWith("Use discover_tools to browse available tools.");
        assertThat(json(r.get(2)).at("/details/suggestions").isEmpty()).isTrue();
        assertThat(json(r.get(3)).path("code").asText()).isEqualTo("tool_not_found");
        assertThat(json(r.get(3)).at("/details/suggestions/0").asText()).isEqualTo("crm_contacts_search");
        assertThat(json(r.get(4)).path("error").asText()).contains("missing required argument 'tool_name'");
    }

    @Test
    void executeToolPassesResultsThroughAndChecksArguments() throws Exception {
        int before = crm.calls().size();
        JsonNode r = run(List.of(
                call("execute_tool", Map.of("tool_name", "crm_contacts_search", "arguments", Map.of("query", "Jane"))),
                call("execute_tool", Map.of("tool_name", "crm_deals_list")),
                call("execute_tool", Map.of("tool_name", "crm_deals_list", "arguments", Map.of("status", "closed"))),
                call("execute_tool", Map.of("tool_name", "crm_fail")),
                call("execute_tool", Map.of("tool_name", "crm_stats")),
                call("execute_tool", Map.of("tool_name", "crm_contacts_search", "arguments", Map.of())),
                call("execute_tool", Map.of("tool_name", "crm_contacts_search", "arguments", Map.of("query", 5))),
                call("execute_tool", Map.of("tool_name", "crm_contacts")))).path("results");

        assertThat(r.get(0).path("isError").asBoolean()).isFalse();
        assertThat(text(r.get(0))).isEqualTo("{\"contacts\":[{\"name\":\"Jane Doe\"}],\"total\":1}");
        assertThat(text(r.get(1))).isEqualTo("open");
        assertThat(text(r.get(2))).isEqualTo("closed");
        assertThat(r.get(3).path("isError").asBoolean()).isTrue();
        assertThat(text(r.get(3))).isEqualTo("Error calling tool 'crm_fail': boom");
        assertThat(r.get(4).path("structuredContent")).isEqualTo(Json.parse("{\"n\":1}"));
        assertThat(r.get(4).at("/content/1")).isEqualTo(Json.parse("{\"type\":\"image\",\"data\":\"aGVsbG8=\",\"mimeType\":\"image/png\"}"));

        JsonNode missing = json(r.get(5));
        assertThat(r.get(5).path("isError").asBoolean()).isTrue();
        assertThat(missing.path("code").asText()).isEqualTo("invalid_arguments");
        assertThat(missing.path("error").asText())
                .isEqualTo("Invalid arguments for 'crm_contacts_search': missing required argument 'query'.");
        assertThat(missing.at("/details/signature").asText()).isEqualTo("""
                /** Search contacts by name or email. */
                declare function crm_contacts_search(args: { query: string; limit?: number /* default: 10 */ }): Promise<any>;""");
        assertThat(json(r.get(6)).at("/details/violations/0").asText()).isEqualTo("'query' must be string, got integer");
        assertThat(json(r.get(7)).path("code").asText()).isEqualTo("tool_not_found");

        List<TestUpstream.Call> calls = crm.calls().subList(before, crm.calls().size());
        assertThat(calls).extracting(TestUpstream.Call::tool)
                .containsExactly("crm_contacts_search", "crm_deals_list", "crm_deals_list", "crm_fail", "crm_stats");
        assertThat(calls.get(0).arguments()).isEqualTo(Map.of("query", "Jane"));
        assertThat(calls.get(1).arguments()).isEmpty();
        assertThat(calls).extracting(c -> c.headers().get("mcp-session-id")).containsOnly(calls.get(0).headers().get("mcp-session-id"));
    }

    @Test
    void refreshRegistryReportsEveryDomainInConfigurationOrder() throws Exception {
        JsonNode r = run(List.of(call("refresh_registry", Map.of()))).path("results");
        assertThat(json(r.get(0))).isEqualTo(Json.parse("""
                {"refreshed":[{"domain":"crm","added":[],"removed":[],"changed":[],"tool_count":5},
                              {"domain":"analytics","added":[],"removed":[],"changed":[],"tool_count":2}]}"""));
    }
}
