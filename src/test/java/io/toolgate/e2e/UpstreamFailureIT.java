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
                     "{\"crm\":\"" + url + "\",\"analytics\":\"" + analytics.url() + "\"}",
                     "gateway.operator-token", "ops-secret"))) {
            HttpResponse<String> ready = get(gw.baseUrl() + "/readyz", null);
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(Json.parse(ready.body()).has("domains")).as("the plain answer names no upstream").isFalse();
            HttpResponse<String> anonymous = get(gw.baseUrl() + "/readyz?verbose", null);
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(get(gw.baseUrl() + "/readyz?verbose", "Bearer wrong").statusCode()).isEqualTo(401);
            JsonNode verbose = Json.parse(get(gw.baseUrl() + "/readyz?verbose", "Bearer ops-secret").body());
            assertThat(verbose.at("/domains/0")).isEqualTo(Json.parse("""
                    {"name":"crm","state":"down","tool_count":0,"last_success":null,"last_error":"connection refused"}"""));
            assertThat(verbose.at("/domains/1/name").asText()).isEqualTo("analytics");
            assertThat(verbose.at("/domains/1/state").asText()).isEqualTo("ready");
            assertThat(verbose.at("/domains/1/tool_count").asInt()).isEqualTo(2);
            assertThat(verbose.at("/domains/1/last_success").asText()).matches("20\\d\\d-.*Z");

            JsonNode before = NodeMcpClient.run(gw.mcpUrl(), List.of(call("discover_tools", Map.of()),
                    call("discover_tools", Map.of("domain", "crm")), call("discover_tools", Map.of("domain", "nope"))));
            assertThat(json(before.at("/results/0")).path("domains").findValuesAsText("name")).containsExactly("analytics");
            assertThat(before.path("instructions").asText()).doesNotContain("crm");
            assertThat(json(before.at("/results/1"))).as("a configured domain that is down is not 'unknown'").isEqualTo(Json.parse("""
                    {"error":"Domain 'crm' is unavailable right now: its server has not answered the gateway. Retry later, or use another domain: analytics",
                     "code":"domain_unavailable","details":{"domain":"crm","state":"down","available_domains":["analytics"]}}"""));
            assertThat(json(before.at("/results/2")).path("code").asText()).isEqualTo("domain_not_found");

            try (TestUpstream crm = TestUpstream.startOn(port, Fixtures.crm())) {
                JsonNode r = NodeMcpClient.run(gw.mcpUrl(), List.of(call("refresh_registry", Map.of())));
                assertThat(json(r.at("/results/0")).at("/refreshed/0/added").size()).isEqualTo(5);
                JsonNode after = NodeMcpClient.run(gw.mcpUrl(), List.of(
                        call("execute_tool", Map.of("tool_name", "crm_deals_list"))));
                assertThat(text(after.at("/results/0"))).isEqualTo("open");
                assertThat(after.path("instructions").asText()).contains("- **crm** (5 tools)");
                JsonNode healthy = Json.parse(get(gw.baseUrl() + "/readyz?verbose", "Bearer ops-secret").body());
                assertThat(healthy.at("/domains/0/state").asText()).isEqualTo("ready");
                assertThat(healthy.at("/domains/0/tool_count").asInt()).isEqualTo(5);
                assertThat(healthy.at("/domains/0/last_error").isNull()).isTrue();
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

    private static HttpResponse<String> get(String url, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
