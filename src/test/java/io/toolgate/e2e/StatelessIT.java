package io.toolgate.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.toolgate.json.Json;
import io.toolgate.testing.TestGateway;
import io.toolgate.testing.TestUpstream;
import io.toolgate.testing.TestUpstream.ToolDef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stateless era (protocol 2026-07-28) on the same {@code /mcp} as sessions: {@code server/discover}, version and
 * capabilities in each request's {@code _meta}, header checks, the era's error codes and HTTP statuses,
 * {@code subscriptions/listen}, against a real upstream listed directly.
 */
class StatelessIT {

    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final String VERSION = "2026-07-28";
    static TestUpstream upstream;
    static TestGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        upstream = TestUpstream.startAnnouncingChanges(List.of(ToolDef.text("lookup", "Looks a city up",
                "{\"type\":\"object\",\"properties\":{\"region\":{\"type\":\"string\",\"x-mcp-header\":\"Region\"},"
                        + "\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}",
                args -> "found " + args.get("city"))));
        gateway = TestGateway.start(Map.of(
                "gateway.upstreams", "{\"geo\":\"" + upstream.url() + "\"}",
                "gateway.exposure", "direct"));
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        upstream.close();
    }

    /** A request of the era: protocol fields in {@code _meta}, and the headers that repeat the body. */
    private static ObjectNode request(Object id, String method, ObjectNode params) {
        ObjectNode meta = params.has("_meta") ? (ObjectNode) params.get("_meta") : params.putObject("_meta");
        meta.put("io.modelcontextprotocol/protocolVersion", VERSION);
        meta.putObject("io.modelcontextprotocol/clientCapabilities");
        ObjectNode message = Json.object().put("jsonrpc", "2.0").put("method", method);
        message.set("id", Json.MAPPER.valueToTree(id));
        message.set("params", params);
        return message;
    }

    private static HttpRequest.Builder http(JsonNode message, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gateway.mcpUrl()))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(message)));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return b;
    }

    private static HttpResponse<String> post(JsonNode message, String... headers) throws Exception {
        return HTTP.send(http(message, headers).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Posts with the era's standard headers taken from the message. */
    private static HttpResponse<String> send(ObjectNode message, String... extra) throws Exception {
        String method = message.get("method").asText();
        JsonNode params = message.path("params");
        String name = params.path(method.equals("resources/read") ? "uri" : "name").asText(null);
        HttpRequest.Builder b = http(message, extra).header("MCP-Protocol-Version", VERSION).header("Mcp-Method", method);
        if (name != null) {
            b.header("Mcp-Name", name);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void discoverNamesVersionsCapabilitiesAndServer() throws Exception {
        HttpResponse<String> r = send(request(1, "server/discover", Json.object()));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Mcp-Session-Id")).isEmpty();
        JsonNode result = Json.parse(r.body()).get("result");
        assertThat(result.get("supportedVersions")).containsExactly(Json.MAPPER.valueToTree(VERSION));
        assertThat(result.at("/capabilities/tools/listChanged").asBoolean()).isTrue();
        assertThat(result.at("/capabilities/prompts").isObject()).isTrue();
        assertThat(result.at("/_meta/io.modelcontextprotocol~1serverInfo/name").asText()).isEqualTo("toolgate");
        assertThat(result.get("resultType").asText()).isEqualTo("complete");
        assertThat(result.get("ttlMs").asInt()).isZero();
        assertThat(result.get("cacheScope").asText()).isEqualTo("private");
    }

    @Test
    void toolsAreListedAndCalledWithoutASession() throws Exception {
        JsonNode list = Json.parse(send(request("l", "tools/list", Json.object())).body()).get("result");
        JsonNode lookup = null;
        for (JsonNode tool : list.get("tools")) {
            lookup = tool.get("name").asText().equals("geo_lookup") ? tool : lookup;
        }
        assertThat(lookup).as(list.toString()).isNotNull();
        assertThat(lookup.at("/inputSchema/properties/region/x-mcp-header").asText()).isEqualTo("Region");

        ObjectNode params = Json.object().put("name", "geo_lookup");
        params.putObject("arguments").put("city", "Oslo").put("region", "Nordics");
        params.putObject("_meta").put("example.com/trace", "t-1");
        HttpResponse<String> call = send(request(7, "tools/call", params), "Mcp-Param-Region", "Nordics");
        assertThat(call.statusCode()).isEqualTo(200);
        JsonNode body = Json.parse(call.body());
        assertThat(body.get("id").asInt()).isEqualTo(7);
        assertThat(body.at("/result/content/0/text").asText()).isEqualTo("found Oslo");
        assertThat(body.at("/result/resultType").asText()).isEqualTo("complete");
        TestUpstream.Call received = upstream.calls().get(upstream.calls().size() - 1);
        assertThat(received.arguments()).containsEntry("city", "Oslo");
        assertThat(received.headers()).as("the gateway mirrors x-mcp-header arguments upstream too")
                .containsEntry("mcp-param-region", "Nordics");
        assertThat(received.meta()).containsEntry("example.com/trace", "t-1")
                .doesNotContainKeys("io.modelcontextprotocol/protocolVersion", "io.modelcontextprotocol/clientCapabilities");
    }

    @Test
    void headersThatContradictTheBodyAreRefusedWith32020() throws Exception {
        ObjectNode params = Json.object().put("name", "geo_lookup");
        params.putObject("arguments").put("city", "Oslo").put("region", "Nordics");
        assertError(send(request(1, "tools/call", params.deepCopy()), "Mcp-Param-Region", "Alps"), 1, 400, -32020);
        assertError(send(request(2, "tools/call", params.deepCopy())), 2, 400, -32020);
        assertError(send(request(3, "tools/call", params.deepCopy()),
                "Mcp-Param-Region", "=?base64?Tm9yZGljcw?="), 3, 400, -32020);
        HttpResponse<String> encoded = send(request(4, "tools/call", params.deepCopy()),
                "Mcp-Param-Region", "=?base64?Tm9yZGljcw==?=");
        assertThat(Json.parse(encoded.body()).at("/result/content/0/text").asText()).isEqualTo("found Oslo");

        ObjectNode wrongMethod = request(5, "tools/list", Json.object());
        assertError(post(wrongMethod, "MCP-Protocol-Version", VERSION, "Mcp-Method", "prompts/list"), 5, 400, -32020);
        ObjectNode wrongName = request(6, "tools/call", params.deepCopy());
        assertError(post(wrongName, "MCP-Protocol-Version", VERSION, "Mcp-Method", "tools/call", "Mcp-Name", "other"),
                6, 400, -32020);
        ObjectNode noVersionHeader = request(8, "tools/list", Json.object());
        assertError(post(noVersionHeader, "Mcp-Method", "tools/list"), 8, 400, -32020);
    }

    @Test
    void badProtocolFieldsGetTheEraErrors() throws Exception {
        ObjectNode missingMeta = Json.object().put("jsonrpc", "2.0").put("id", 11).put("method", "server/discover");
        missingMeta.putObject("params");
        assertError(post(missingMeta, "MCP-Protocol-Version", VERSION, "Mcp-Method", "server/discover"), 11, 400, -32602);

        ObjectNode future = request(12, "server/discover", Json.object());
        ((ObjectNode) future.at("/params/_meta")).put("io.modelcontextprotocol/protocolVersion", "2099-01-01");
        JsonNode error = assertError(post(future, "MCP-Protocol-Version", "2099-01-01", "Mcp-Method", "server/discover"),
                12, 400, -32022);
        assertThat(error.at("/data/supported")).containsExactly(Json.MAPPER.valueToTree(VERSION));
        assertThat(error.at("/data/requested").asText()).isEqualTo("2099-01-01");

        assertError(send(request(13, "ping", Json.object())), 13, 404, -32601);
        assertError(send(request(14, "logging/setLevel", Json.object().put("level", "info"))), 14, 404, -32601);
        assertError(send(request(15, "unknown/method", Json.object())), 15, 404, -32601);
    }

    @Test
    void sessionsStillWorkBesideTheStatelessEra() throws Exception {
        ObjectNode init = Json.object().put("jsonrpc", "2.0").put("id", 1).put("method", "initialize");
        init.putObject("params").put("protocolVersion", "2025-11-25").putObject("capabilities");
        HttpResponse<String> r = post(init);
        assertThat(Json.parse(r.body()).at("/result/protocolVersion").asText()).isEqualTo("2025-11-25");
        assertThat(Json.parse(r.body()).at("/result/resultType").isMissingNode()).isTrue();
        ObjectNode list = Json.object().put("jsonrpc", "2.0").put("id", 2).put("method", "tools/list");
        assertThat(post(list).statusCode()).as("no session, no _meta: a sessions-era request").isEqualTo(400);
    }

    @Test
    void listenStreamAcknowledgesThenCarriesTaggedListChanges() throws Exception {
        ObjectNode params = Json.object();
        params.putObject("notifications").put("toolsListChanged", true).put("promptsListChanged", false);
        ObjectNode listen = request("sub-1", "subscriptions/listen", params);
        HttpResponse<InputStream> stream = HTTP.send(http(listen, "MCP-Protocol-Version", VERSION,
                "Mcp-Method", "subscriptions/listen").build(), HttpResponse.BodyHandlers.ofInputStream());
        BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    if (line.startsWith("data:")) {
                        events.add(Json.parse(line.substring(5).trim()));
                    }
                }
            } catch (Exception closed) {
                // the test closes the stream at the end
            }
        });
        reader.start();
        try {
            assertThat(stream.statusCode()).isEqualTo(200);
            JsonNode ack = events.poll(10, TimeUnit.SECONDS);
            assertThat(ack.get("method").asText()).isEqualTo("notifications/subscriptions/acknowledged");
            assertThat(ack.at("/params/notifications")).isEqualTo(Json.parse("{\"toolsListChanged\":true}"));
            assertThat(ack.at("/params/_meta/io.modelcontextprotocol~1subscriptionId").asText()).isEqualTo("sub-1");

            upstream.addTool(ToolDef.text("forecast", "Weather forecast", "{\"type\":\"object\"}", args -> "sunny"));
            JsonNode changed = events.poll(10, TimeUnit.SECONDS);
            assertThat(changed.get("method").asText()).isEqualTo("notifications/tools/list_changed");
            assertThat(changed.at("/params/_meta/io.modelcontextprotocol~1subscriptionId").asText()).isEqualTo("sub-1");
        } finally {
            stream.body().close();
            reader.interrupt();
        }
    }

    private static JsonNode assertError(HttpResponse<String> r, int id, int status, int code) {
        JsonNode body = Json.parse(r.body());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(body.get("id").asInt()).isEqualTo(id);
        assertThat(body.at("/error/code").asInt()).as(r.body()).isEqualTo(code);
        return body.get("error");
    }
}
