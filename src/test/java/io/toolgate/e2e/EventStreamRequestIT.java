package io.toolgate.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.toolgate.json.Json;
import io.toolgate.testing.NodeMcpClient;
import io.toolgate.testing.SessionClient;
import io.toolgate.testing.TestGateway;
import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An upstream (the TypeScript SDK's server-level {@code elicitInput}) that sends its elicitation request on the
 * session's standalone event stream rather than on the stream of the call it serves: the gateway holds that stream,
 * hands the request to the caller of the only call in flight, and the answer goes back.
 */
class EventStreamRequestIT {

    @Test
    void aRequestOnTheUpstreamsEventStreamReachesTheCallersStream() throws Exception {
        int port = AvailablePortFinder.getNextAvailable();
        Process fixture = NodeMcpClient.startServer("conformance-fixture.mjs", port);
        try (TestGateway gateway = TestGateway.start(Map.of(
                "gateway.upstreams", "{\"fixture\":\"http://127.0.0.1:" + port + "/mcp\"}",
                "gateway.exposure", "direct", "gateway.tool-naming", "bare"))) {
            await().atMost(Duration.ofSeconds(10)).until(gateway::listeningToUpstreams);
            SessionClient client = SessionClient.initialize(gateway.mcpUrl(), "{\"elicitation\":{}}");
            try (BufferedReader events = client.call(1, "test_elicitation_on_event_stream")) {
                JsonNode request = SessionClient.next(events);
                assertThat(request.path("method").asText()).as(request.toString()).isEqualTo("elicitation/create");
                assertThat(request.at("/params/message").asText()).isEqualTo("What is your name?");
                assertThat(client.answer(request, Json.parse("{\"action\":\"accept\",\"content\":{\"name\":\"Ada\"}}")))
                        .isEqualTo(202);
                JsonNode response = SessionClient.next(events);
                assertThat(response.at("/result/content/0/text").asText()).as(response.toString()).isEqualTo("Hello, Ada!");
            }
        } finally {
            fixture.destroy();
            fixture.waitFor();
        }
    }
}
