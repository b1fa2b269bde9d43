package io.toolgate.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.toolgate.json.Json;
import io.toolgate.testing.Fixtures;
import io.toolgate.testing.NodeMcpClient;
import io.toolgate.testing.TestGateway;
import io.toolgate.testing.TestUpstream;
import io.toolgate.testing.TestUpstream.ToolDef;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.toolgate.testing.NodeMcpClient.call;
import static io.toolgate.testing.NodeMcpClient.json;
import static io.toolgate.testing.NodeMcpClient.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * refresh_registry and the background refresh route against an upstream whose tools change: an announced change is
 * listed again at once; schema pinning {@code warn} applies a change and reports it, {@code enforce} refuses a changed
 * domain and keeps its old tools.
 */
class RefreshIT {

    private static final ToolDef NEW_TOOL = ToolDef.text("crm_new_tool", "A tool added later.",
            "{\"type\":\"object\",\"properties\":{}}", args -> "new");

    @Test
    void anUpstreamAnnouncingAChangeIsRelistedWithoutARefresh() throws Exception {
        try (TestUpstream crm = TestUpstream.startAnnouncingChanges(Fixtures.crm());
             TestGateway gw = TestGateway.start(Map.of("gateway.upstreams", "{\"crm\":\"" + crm.url() + "\"}"))) {
            await().atMost(Duration.ofSeconds(20)).until(() -> crm.requests().stream()
                    .anyMatch(h -> "GET".equals(h.get(":method"))));
            crm.addTool(NEW_TOOL);
            await().atMost(Duration.ofSeconds(20)).until(() -> gw.registry().snapshot().tool("crm_new_tool") != null);
            JsonNode r = NodeMcpClient.run(gw.mcpUrl(), List.of(
                    call("execute_tool", Map.of("tool_name", "crm_new_tool")))).path("results");
            assertThat(text(r.get(0))).isEqualTo("new");
        }
    }

    @Test
    void warnModeAppliesAndReportsAddedTools() throws Exception {
        try (TestUpstream crm = TestUpstream.start(Fixtures.crm());
             TestGateway gw = TestGateway.start(Map.of("gateway.upstreams", "{\"crm\":\"" + crm.url() + "\"}"))) {
            crm.addTool(NEW_TOOL);
            JsonNode r = NodeMcpClient.run(gw.mcpUrl(), List.of(
                    call("refresh_registry", Map.of()),
                    call("execute_tool", Map.of("tool_name", "crm_new_tool")))).path("results");
            assertThat(json(r.get(0))).isEqualTo(Json.parse("""
                    {"refreshed":[{"domain":"crm","added":["crm_new_tool"],"removed":[],"changed":[],"tool_count":6}]}"""));
            assertThat(text(r.get(1))).isEqualTo("new");
        }
    }

    @Test
    void enforceModeRefusesChangedDomainAndKeepsOldTools() throws Exception {
        try (TestUpstream crm = TestUpstream.start(Fixtures.crm());
             TestGateway gw = TestGateway.start(Map.of("gateway.upstreams", "{\"crm\":\"" + crm.url() + "\"}",
                     "gateway.schema-pinning", "enforce"))) {
            crm.addTool(NEW_TOOL);
            JsonNode r = NodeMcpClient.run(gw.mcpUrl(), List.of(
                    call("refresh_registry", Map.of()),
                    call("get_tool_schema", Map.of("tool_name", "crm_new_tool")))).path("results");
            assertThat(json(r.get(0))).isEqualTo(Json.parse("""
                    {"refreshed":[{"domain":"crm","added":[],"removed":[],"changed":[],"tool_count":5,"refused":true}]}"""));
            assertThat(json(r.get(1)).path("code").asText()).isEqualTo("tool_not_found");
        }
    }

    @Test
    void schedulerRouteRefreshesInTheBackground() throws Exception {
        try (TestUpstream crm = TestUpstream.start(Fixtures.crm());
             TestGateway gw = TestGateway.start(Map.of("gateway.upstreams", "{\"crm\":\"" + crm.url() + "\"}",
                     "gateway.refresh-interval", "0.2"))) {
            crm.addTool(NEW_TOOL);
            await().atMost(Duration.ofSeconds(10)).until(() -> gw.registry().snapshot().tool("crm_new_tool") != null);
            JsonNode r = NodeMcpClient.run(gw.mcpUrl(), List.of(
                    call("discover_tools", Map.of("domain", "crm")))).path("results");
            assertThat(json(r.get(0)).path("tools").findValuesAsText("name")).contains("crm_new_tool");
        }
    }
}
