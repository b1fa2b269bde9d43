package io.toolgate.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.toolgate.json.Json;
import io.toolgate.testing.Fixtures;
import io.toolgate.testing.NodeMcpClient;
import io.toolgate.testing.TestGateway;
import io.toolgate.testing.TestUpstream;
import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.Test;

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

/** An upstream that is down at startup, goes down while serving, comes back, or drops its session. */
class UpstreamFailureIT {

    @Test
    void deadUpstreamFailsOnlyItsOwnToolsAndRecovers() throws Exception {
        TestUpstream crm = TestUpstream.start(Fixtures.crm());
        try (TestUpstream analytics = TestUpstream.start(Fixtures.analytics());
             TestGateway gw = TestGateway.start(Map.of("gateway.upstreams",
                     "{\"crm\":\"" + crm.url() + "\",\"analytics\":\"" + analytics.url() + "\"}",
                     "gateway.upstream-timeout", "5"))) {
            crm.stop();
            JsonNode r = NodeMcpClient.run(gw.mcpUrl(), List.of(
                    call("execute_tool", Map.of("tool_name", "crm_contacts_search", "arguments", Map.of("query", "Jane"))),
                    call("execute_tool", Map.of("tool_name", "analytics_metrics_query", "arguments", Map.of("metric", "mrr"))),
                    call("refresh_registry", Map.of()),
                    call("discover_tools", Map.of("domain", "crm")))).path("results");
            assertThat(r.get(0).path("isError").asBoolean()).isTrue();
            assertThat(json(r.get(0))).isEqualTo(Json.parse("""
                    {"error":"Tool 'crm_contacts_search' failed: upstream server 'crm' returned an error. Other domains may still be available.",
                     "code":"execution_error","details":{"tool":"crm_contacts_search","domain":"crm"}}"""));
            assertThat(text(r.get(1))).isEqualTo("metric mrr");
            JsonNode crmReport = json(r.get(2)).at("/refreshed/0");
            assertThat(crmReport.path("domain").asText()).isEqualTo("crm");
            assertThat(crmReport.path("tool_count").asInt()).isEqualTo(5);
            assertThat(crmReport.path("error").asText()).isEqualTo("connection refused");
            assertThat(json(r.get(3)).path("tools").size()).isEqualTo(5);

            crm = crm.restart();
            JsonNode again = NodeMcpClient.run(gw.mcpUrl(), List.of(
                    call("execute_tool", Map.of("tool_name", "crm_contacts_search", "arguments", Map.of("query", "Jane"))))).path("results");
            assertThat(again.get(0).path("isError").asBoolean()).isFalse();
            assertThat(crm.calls()).extracting(TestUpstream.Call::tool).containsExactly("crm_contacts_search");
        } finally {
            crm.close();
        }
    }

    @Test
    void upstreamDownAtStartupIsPickedUpByRefresh() throws Exception {
        int port = AvailablePortFinder.getNextAvailable();
        String url = "http://127.0.0.1:" + port + "/mcp";
        try (TestUpstream analytics = TestUpstream.start(Fixtures.analytics());
             TestGateway gw = TestGateway.start(Map.of("gateway.upstreams",
                     "{\"crm\":\"" + url + "\",\"analytics\":\"" + analytics.url() + "\"}"))) {
            HttpResponse<String> ready = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(gw.baseUrl() + "/readyz")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).isEqualTo(200);
            JsonNode before = NodeMcpClient.run(gw.mcpUrl(), List.of(call("discover_tools", Map.of())));
            assertThat(json(before.at("/results/0")).path("domains").findValuesAsText("name")).containsExactly("analytics");
            assertThat(before.path("instructions").asText()).doesNotContain("crm");

            try (TestUpstream crm = TestUpstream.startOn(port, Fixtures.crm())) {
                JsonNode r = NodeMcpClient.run(gw.mcpUrl(), List.of(call("refresh_registry", Map.of())));
                assertThat(json(r.at("/results/0")).at("/refreshed/0/added").size()).isEqualTo(5);
                JsonNode after = NodeMcpClient.run(gw.mcpUrl(), List.of(
                        call("execute_tool", Map.of("tool_name", "crm_deals_list"))));
                assertThat(text(after.at("/results/0"))).isEqualTo("open");
                assertThat(after.path("instructions").asText()).contains("- **crm** (5 tools)");
            }
        }
    }

    @Test
    void expiredUpstreamSessionIsReinitialisedTransparently() throws Exception {
        try (TestUpstream crm = TestUpstream.start(Fixtures.crm());
             TestGateway gw = TestGateway.start(Map.of("gateway.upstreams", "{\"crm\":\"" + crm.url() + "\"}"))) {
            NodeMcpClient.run(gw.mcpUrl(), List.of(call("execute_tool", Map.of("tool_name", "crm_deals_list"))));
            String first = crm.calls().get(0).headers().get("mcp-session-id");
            HttpResponse<Void> deleted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(crm.url()))
                    .header("Mcp-Session-Id", first).DELETE().build(), HttpResponse.BodyHandlers.discarding());
            assertThat(deleted.statusCode()).isLessThan(300);

            JsonNode r = NodeMcpClient.run(gw.mcpUrl(), List.of(call("execute_tool", Map.of("tool_name", "crm_deals_list"))));
            assertThat(text(r.at("/results/0"))).isEqualTo("open");
            assertThat(crm.calls()).hasSize(2);
            assertThat(crm.calls().get(1).headers().get("mcp-session-id")).isNotEqualTo(first);
        }
    }
}
