package io.toolgate.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.toolgate.json.Json;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * A sessions-era MCP client on raw HTTP, for tests that watch a call's response stream message by message (requests
 * relayed to the client, then the response).
 */
public final class SessionClient {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final String url;
    private final String session;

    private SessionClient(String url, String session) {
        this.url = url;
        this.session = session;
    }

    /** Initialises a session (protocol 2025-11-25) declaring {@code capabilities} (JSON). */
    public static SessionClient initialize(String url, String capabilities) throws Exception {
        ObjectNode init = Json.object().put("jsonrpc", "2.0").put("id", 0).put("method", "initialize");
        init.putObject("params").put("protocolVersion", "2025-11-25")
                .<ObjectNode>set("capabilities", Json.parse(capabilities))
                .putObject("clientInfo").put("name", "it").put("version", "1");
        HttpResponse<String> r = HTTP.send(post(url, null, init), HttpResponse.BodyHandlers.ofString());
        return new SessionClient(url, r.headers().firstValue("Mcp-Session-Id").orElseThrow());
    }

    /** Calls a tool accepting an event stream; read the stream with {@link #next}. */
    public BufferedReader call(int id, String tool) throws Exception {
        ObjectNode call = Json.object().put("jsonrpc", "2.0").put("id", id).put("method", "tools/call");
        call.putObject("params").put("name", tool).putObject("arguments");
        HttpResponse<java.io.InputStream> r = HTTP.send(post(url, session, call), HttpResponse.BodyHandlers.ofInputStream());
        return new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8));
    }

    /** The next JSON-RPC message of a response stream. */
    public static JsonNode next(BufferedReader events) throws Exception {
        for (String line = events.readLine(); line != null; line = events.readLine()) {
            if (line.startsWith("data:")) {
                return Json.parse(line.substring(5).trim());
            }
        }
        throw new AssertionError("the event stream ended");
    }

    /** Answers a request the gateway relayed; returns the HTTP status (202 when taken). */
    public int answer(JsonNode request, JsonNode result) throws Exception {
        ObjectNode reply = Json.object().put("jsonrpc", "2.0");
        reply.set("id", request.get("id"));
        reply.set("result", result);
        return HTTP.send(post(url, session, reply), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private static HttpRequest post(String url, String session, JsonNode message) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(message)));
        if (session != null) {
            b.header("Mcp-Session-Id", session).header("MCP-Protocol-Version", "2025-11-25");
        }
        return b.build();
    }
}
