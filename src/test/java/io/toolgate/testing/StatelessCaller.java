package io.toolgate.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.toolgate.json.Json;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Calls the gateway's {@code execute_tool} in the stateless era (protocol 2026-07-28): one HTTP request per call, no
 * session, so many threads can call at once. Each request is bounded by the given timeout.
 */
public final class StatelessCaller {

    private static final String VERSION = "2026-07-28";
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI url;
    private final Duration timeout;
    private final AtomicLong ids = new AtomicLong();

    public StatelessCaller(String mcpUrl, Duration timeout) {
        this.url = URI.create(mcpUrl);
        this.timeout = timeout;
    }

    /**
     * Executes {@code tool} with {@code arguments} and returns the text of its result: the tool's text when it
     * succeeded, else the error (the gateway's error text, the JSON-RPC error or the HTTP status), prefixed "error: ".
     *
     * @throws IOException when the gateway did not answer within the timeout or the connection failed
     */
    public String executeTool(String tool, ObjectNode arguments) throws IOException, InterruptedException {
        ObjectNode params = Json.object().put("name", "execute_tool");
        params.putObject("arguments").put("tool_name", tool).set("arguments", arguments);
        params.putObject("_meta").put("io.modelcontextprotocol/protocolVersion", VERSION)
                .putObject("io.modelcontextprotocol/clientCapabilities");
        ObjectNode message = Json.object().put("jsonrpc", "2.0").put("id", ids.incrementAndGet())
                .put("method", "tools/call");
        message.set("params", params);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .header("MCP-Protocol-Version", VERSION).header("Mcp-Method", "tools/call").header("Mcp-Name", "execute_tool")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(message))).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            return "error: HTTP " + response.statusCode();
        }
        JsonNode body = Json.parse(response.body());
        if (body.has("error")) {
            return "error: " + body.get("error");
        }
        String text = body.at("/result/content/0/text").asText();
        return body.at("/result/isError").asBoolean() ? "error: " + text : text;
    }
}
