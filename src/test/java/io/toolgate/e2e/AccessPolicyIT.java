package io.toolgate.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.toolgate.testing.Fixtures;
import io.toolgate.testing.NodeMcpClient;
import io.toolgate.testing.TestGateway;
import io.toolgate.testing.TestUpstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.toolgate.testing.NodeMcpClient.call;
import static io.toolgate.testing.NodeMcpClient.json;
import static io.toolgate.testing.NodeMcpClient.text;
import static org.assertj.core.api.Assertions.assertThat;

/** Tools filtered by an access policy never enter the registry: no meta-tool, search or suggestion shows them. */
class AccessPolicyIT {

    @Test
    void inlineListsHideToolsOfTheirOwnUpstreamOnly() throws Exception {
        try (TestUpstream crm = TestUpstream.start(Fixtures.crm());
             TestUpstream analytics = TestUpstream.start(Fixtures.analytics());
             TestGateway gw = TestGateway.start(Map.of("gateway.upstreams", "{\"crm\":{\"url\":\"" + crm.url()
                     + "\",\"allowed_tools\":[\"crm_contacts_*\",\"*deals_list\"],\"denied_tools\":[\"*_create\"]},"
                     + "\"analytics\":\"" + analytics.url() + "\"}"))) {
            JsonNode r = NodeMcpClient.run(gw.mcpUrl(), List.of(
                    call("discover_tools", Map.of()),
                    call("discover_tools", Map.of("query", "create contact")),
                    call("get_tool_schema", Map.of("tool_name", "crm_contacts_create")),
                    call("execute_tool", Map.of("tool_name", "crm_contacts_create",
                            "arguments", Map.of("name", "Jane", "email", "j@example.com"))),
                    call("execute_tool", Map.of("tool_name", "crm_deals_list")),
                    call("refresh_registry", Map.of()))).path("results");

            JsonNode domains = json(r.get(0)).path("domains");
            assertThat(domains.findValuesAsText("name")).containsExactly("analytics", "crm");
            assertThat(domains.findValuesAsText("tool_count")).containsExactly("2", "2");
            assertThat(json(r.get(1)).path("results").findValuesAsText("name")).doesNotContain("crm_contacts_create");
            for (JsonNode hidden : List.of(r.get(2), r.get(3))) {
                assertThat(json(hidden).path("code").asText()).isEqualTo("tool_not_found");
                List<String> suggestions = new ArrayList<>();
                json(hidden).at("/details/suggestions").forEach(s -> suggestions.add(s.asText()));
                assertThat(suggestions).contains("crm_contacts_search")
                        .doesNotContain("crm_contacts_create", "crm_fail", "crm_stats");
            }
            assertThat(text(r.get(4))).isEqualTo("open");
            assertThat(json(r.get(5)).at("/refreshed/0/tool_count").asInt()).isEqualTo(2);
            assertThat(crm.calls()).extracting(TestUpstream.Call::tool).containsExactly("crm_deals_list");
        }
    }

    @Test
    void policyFileHidesEveryDomainItDoesNotAllow(@TempDir Path dir) throws Exception {
        Path policy = Files.writeString(dir.resolve("policy.yaml"), """
                allow:
                  crm: ["crm_contacts_*", "crm_deals_*"]
                deny:
                  crm: ["*_create"]
                """);
        try (TestUpstream crm = TestUpstream.start(Fixtures.crm());
             TestUpstream analytics = TestUpstream.start(Fixtures.analytics());
             TestGateway gw = TestGateway.start(Map.of(
                     "gateway.upstreams", "{\"crm\":\"" + crm.url() + "\",\"analytics\":\"" + analytics.url() + "\"}",
                     "gateway.access-policy", policy.toString()))) {
            JsonNode r = NodeMcpClient.run(gw.mcpUrl(), List.of(
                    call("discover_tools", Map.of("domain", "crm")),
                    call("discover_tools", Map.of()))).path("results");
            assertThat(json(r.get(0)).path("tools").findValuesAsText("name"))
                    .containsExactlyInAnyOrder("crm_contacts_search", "crm_deals_list");
            assertThat(json(r.get(1)).path("domains").findValuesAsText("name")).containsExactly("crm");
        }
    }
}
