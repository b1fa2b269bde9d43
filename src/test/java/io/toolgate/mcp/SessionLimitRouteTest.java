package io.toolgate.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.toolgate.GatewayWiring;
import io.toolgate.http.GatewayHttpServer;
import org.apache.camel.BeanInject;
import io.toolgate.json.Json;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code GATEWAY_MAX_SESSIONS} over HTTP on {@code /mcp}: at the cap a new {@code initialize} ends the least recently
 * used idle session, whose client then gets 404 and initialises again; when every session is busy (an open event
 * stream) {@code initialize} is refused with 503.
 */
@CamelMainTest(configurationClasses = GatewayWiring.class,
        properties = {"gateway.host=127.0.0.1", "gateway.port=0", "gateway.examples=true", "gateway.search=lexical",
                "gateway.max-sessions=3"})
class SessionLimitRouteTest {

    private static final String VERSION = "2025-11-25";
    private final HttpClient http = HttpClient.newHttpClient();

    @BeanInject(GatewayWiring.HTTP_SERVER_BEAN)
    GatewayHttpServer server;

    private HttpRequest.Builder request() {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getPort() + "/mcp"));
    }

    private HttpResponse<String> initialize() throws Exception {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\""
                + VERSION + "\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";
        return http.send(request().header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String session() throws Exception {
        HttpResponse<String> res = initialize();
        assertThat(res.statusCode()).isEqualTo(200);
        return res.headers().firstValue("Mcp-Session-Id").orElseThrow();
    }

    private HttpResponse<String> ping(String session) throws Exception {
        return http.send(request().header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .header("Mcp-Session-Id", session).header("MCP-Protocol-Version", VERSION)
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<InputStream> eventStream(String session) throws Exception {
        HttpResponse<InputStream> res = http.send(request().GET().header("Accept", "text/event-stream")
                .header("Mcp-Session-Id", session).header("MCP-Protocol-Version", VERSION).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(res.statusCode()).isEqualTo(200);
        return res;
    }

    @Test
    void theFourthSessionEndsTheLeastRecentlyUsedIdleOneWhoseClientInitialisesAgain() throws Exception {
        String first = session();
        String second = session();
        String third = session();
        assertThat(ping(first).statusCode()).isEqualTo(200);

        String fourth = session();

        HttpResponse<String> evicted = ping(second);
        assertThat(evicted.statusCode()).isEqualTo(404);
        assertThat(Json.parse(evicted.body()).at("/error/message").asText()).isEqualTo("Session not found");
        for (String live : List.of(first, third, fourth)) {
            assertThat(ping(live).statusCode()).as("session %s", live).isEqualTo(200);
        }

        String again = session();
        assertThat(ping(again).statusCode()).isEqualTo(200);
    }

    @Test
    void whenEverySessionHasAnOpenEventStreamInitializeIsRefusedWith503() throws Exception {
        List<HttpResponse<InputStream>> streams = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                streams.add(eventStream(session()));
            }

            HttpResponse<String> refused = initialize();

            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Mcp-Session-Id")).isEmpty();
            JsonNode error = Json.parse(refused.body()).path("error");
            assertThat(error.path("code").asInt()).isEqualTo(-32000);
            assertThat(error.path("message").asText())
                    .isEqualTo("Server busy: all 3 sessions are in use; try again later");
        } finally {
            for (HttpResponse<InputStream> s : streams) {
                s.body().close();
            }
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> initialize().statusCode() == 200);
    }
}
