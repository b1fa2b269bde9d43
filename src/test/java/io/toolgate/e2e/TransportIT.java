package io.toolgate.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.toolgate.json.Json;
import io.toolgate.testing.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The MCP Streamable HTTP transport as a client sees it on the wire: sessions, guards, JSON-RPC errors, health. */
class TransportIT {

    static TestGateway gateway;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        gateway = TestGateway.start(Map.of("gateway.examples", "true", "gateway.max-body-bytes", "2048", "gateway.search", "hybrid"));
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static HttpResponse<String> post(String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gateway.mcpUrl()))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String initialize(String version) throws Exception {
        HttpResponse<String> r = post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\""
                + version + "\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(Json.parse(r.body()).at("/result/protocolVersion").asText()).isEqualTo(
                version.equals("1999-01-01") ? "2025-11-25" : version);
        return r.headers().firstValue("Mcp-Session-Id").orElseThrow();
    }

    private static JsonNode error(HttpResponse<String> r) {
        return Json.parse(r.body()).path("error");
    }

    @Test
    void sessionsAcrossProtocolVersions() throws Exception {
        for (String v : new String[]{"2025-03-26", "2025-06-18", "2025-11-25", "1999-01-01"}) {
            String session = initialize(v);
            assertThat(post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", "Mcp-Session-Id", session)
                    .statusCode()).isEqualTo(202);
            HttpResponse<String> ping = post("{\"jsonrpc\":\"2.0\",\"id\":\"p\",\"method\":\"ping\"}", "Mcp-Session-Id", session);
            assertThat(Json.parse(ping.body())).isEqualTo(Json.parse("{\"jsonrpc\":\"2.0\",\"id\":\"p\",\"result\":{}}"));
            HttpResponse<Void> deleted = HTTP.send(HttpRequest.newBuilder(URI.create(gateway.mcpUrl()))
                    .header("Mcp-Session-Id", session).DELETE().build(), HttpResponse.BodyHandlers.discarding());
            assertThat(deleted.statusCode()).isEqualTo(204);
            assertThat(post("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}", "Mcp-Session-Id", session).statusCode())
                    .isEqualTo(404);
        }
    }

    @Test
    void guardsAnswerWithStatusAndJsonRpcError() throws Exception {
        String session = initialize("2025-11-25");
        HttpResponse<String> noSession = post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}");
        assertThat(noSession.statusCode()).isEqualTo(400);
        assertThat(post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}", "Mcp-Session-Id", "nope").statusCode()).isEqualTo(404);

        HttpResponse<String> origin = post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}", "Mcp-Session-Id", session,
                "Origin", "https://evil.example");
        assertThat(origin.statusCode()).isEqualTo(403);
        assertThat(post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}", "Mcp-Session-Id", session,
                "Origin", "http://localhost:6274").statusCode()).isEqualTo(200);

        HttpResponse<String> parse = post("{bad", "Mcp-Session-Id", session);
        assertThat(parse.statusCode()).isEqualTo(400);
        assertThat(error(parse).path("code").asInt()).isEqualTo(-32700);
        assertThat(error(post("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]", "Mcp-Session-Id", session)).path("code").asInt())
                .isEqualTo(-32600);
        assertThat(error(post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}", "Mcp-Session-Id", session,
                "MCP-Protocol-Version", "2020-01-01")).path("message").asText()).contains("Unsupported protocol version");
        HttpResponse<String> big = post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"x\":\"" + "a".repeat(4096) + "\"}}",
                "Mcp-Session-Id", session);
        assertThat(big.statusCode()).isEqualTo(413);
        assertThat(error(big).path("code").asInt()).isEqualTo(-32600);

        HttpResponse<String> unknown = post("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"resources/nope\"}", "Mcp-Session-Id", session);
        assertThat(unknown.statusCode()).isEqualTo(200);
        assertThat(Json.parse(unknown.body())).isEqualTo(Json.parse(
                "{\"jsonrpc\":\"2.0\",\"id\":7,\"error\":{\"code\":-32601,\"message\":\"Method not found: resources/nope\"}}"));
        assertThat(error(post("{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"tools/call\",\"params\":{\"name\":\"nope\"}}",
                "Mcp-Session-Id", session)).path("code").asInt()).isEqualTo(-32602);
        assertThat(error(post("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\",\"params\":[1]}",
                "Mcp-Session-Id", session)).path("code").asInt()).isEqualTo(-32602);
        assertThat(error(post("{\"jsonrpc\":\"2.0\",\"id\":10,\"method\":\"logging/setLevel\",\"params\":{\"level\":\"loud\"}}",
                "Mcp-Session-Id", session)).path("code").asInt()).isEqualTo(-32602);
        assertThat(Json.parse(post("{\"jsonrpc\":\"2.0\",\"id\":11,\"method\":\"logging/setLevel\",\"params\":{\"level\":\"warning\"}}",
                "Mcp-Session-Id", session).body()).path("result").toString()).isEqualTo("{}");
    }

    @Test
    void getOpensOneEventStreamPerSession() throws Exception {
        String session = initialize("2025-11-25");
        HttpRequest.Builder get = HttpRequest.newBuilder(URI.create(gateway.mcpUrl())).header("Mcp-Session-Id", session).GET();
        assertThat(HTTP.send(get.copy().header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString())
                .statusCode()).isEqualTo(406);
        assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(gateway.mcpUrl())).header("Accept", "text/event-stream")
                .header("Mcp-Session-Id", "unknown").GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
        HttpResponse<java.io.InputStream> stream = HTTP.send(get.copy().header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (java.io.InputStream body = stream.body()) {
            assertThat(stream.statusCode()).isEqualTo(200);
            assertThat(stream.headers().firstValue("Content-Type")).hasValue("text/event-stream");
            assertThat(HTTP.send(get.copy().header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode()).isEqualTo(409);
        }
    }

    @Test
    void aHostNotServedIsRefused() throws Exception {
        try (TestGateway guarded = TestGateway.start(Map.of("gateway.examples", "true", "gateway.allowed-hosts", "mcp.example.com"))) {
            int port = URI.create(guarded.mcpUrl()).getPort();
            assertThat(rawInitialize(port, "evil.example.com")).startsWith("HTTP/1.1 403");
            assertThat(rawInitialize(port, "mcp.example.com")).startsWith("HTTP/1.1 200");
            assertThat(rawInitialize(port, "127.0.0.1:" + port)).startsWith("HTTP/1.1 200");
        }
    }

    /** The HTTP client refuses to set Host, so this request is written by hand. */
    private static String rawInitialize(int port, String host) throws Exception {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
                + "\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            s.getOutputStream().write(("POST /mcp HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\n"
                    + "Accept: application/json, text/event-stream\r\nConnection: close\r\nContent-Length: "
                    + body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + "\r\n\r\n" + body)
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void healthAndReadiness() throws Exception {
        HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/healthz")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("{\"status\":\"ok\"}");
        HttpRequest readyz = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/readyz")).build();
        assertThat(HTTP.send(readyz, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        // the four example tools are embedded in the background; readiness never waited for them
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(HTTP.send(readyz,
                HttpResponse.BodyHandlers.ofString()).body()).isEqualTo(
                "{\"status\":\"ready\",\"search\":{\"mode\":\"hybrid\",\"tools\":4,\"vectors\":4,\"learned\":0}}"));
    }
}
