package io.toolgate.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.toolgate.json.Json;
import io.toolgate.testing.TestGateway;
import io.toolgate.testing.TestUpstream;
import io.toolgate.testing.TestUpstream.ToolDef;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The upstream leg in the stateless era: a gateway whose upstream answers {@code server/discover} (here another
 * toolgate, itself in front of a sessions-era server) lists, calls and follows it without ever opening a session.
 */
class StatelessUpstreamIT {

    @Test
    void anUpstreamThatAnswersDiscoverIsUsedWithoutSessions() throws Exception {
        try (TestUpstream origin = TestUpstream.startAnnouncingChanges(List.of(ToolDef.text("lookup", "Looks a city up",
                "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}",
                args -> "found " + args.get("city"))));
             TestGateway inner = TestGateway.start(Map.of(
                     "gateway.upstreams", "{\"geo\":\"" + origin.url() + "\"}", "gateway.exposure", "direct"));
             TestGateway edge = TestGateway.start(Map.of(
                     "gateway.upstreams", "{\"inner\":\"" + inner.mcpUrl() + "\"}", "gateway.exposure", "direct"))) {
            assertThat(edge.registry().snapshot().tools()).containsKey("inner_geo_lookup");

            String call = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"inner_geo_lookup\","
                    + "\"arguments\":{\"city\":\"Oslo\"},\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
                    + "\"io.modelcontextprotocol/clientCapabilities\":{}}}}";
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(edge.mcpUrl()))
                    .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                    .header("MCP-Protocol-Version", "2026-07-28").header("Mcp-Method", "tools/call")
                    .header("Mcp-Name", "inner_geo_lookup")
                    .POST(HttpRequest.BodyPublishers.ofString(call)).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode result = Json.parse(r.body()).get("result");
            assertThat(result.at("/content/0/text").asText()).as(r.body()).isEqualTo("found Oslo");
            assertThat(origin.calls()).extracting(TestUpstream.Call::tool).containsExactly("lookup");
            assertThat(inner.sessionCount()).as("the edge never initialised a session on the inner gateway").isZero();

            origin.addTool(ToolDef.text("forecast", "Weather forecast", "{\"type\":\"object\"}", args -> "sunny"));
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                    assertThat(edge.registry().snapshot().tools()).containsKey("inner_geo_forecast"));
            assertThat(inner.sessionCount()).isZero();
        }
    }
}
