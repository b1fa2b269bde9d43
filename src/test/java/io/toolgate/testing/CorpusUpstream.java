package io.toolgate.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.toolgate.json.Json;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The 50 published MCP servers of {@code ../shared/corpus/tool-corpus.json} as one loopback HTTP server: server
 * {@code s} answers MCP (sessions era, JSON responses) at {@code /mcp/s}, listing its tools exactly as recorded.
 * A tool call answers with a text naming the tool.
 */
public final class CorpusUpstream implements AutoCloseable {

    public static final Path CORPUS = Path.of("..", "shared", "corpus", "tool-corpus.json");
    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, JsonNode> toolsByServer;

    private CorpusUpstream(HttpServer server, ExecutorService executor, Map<String, JsonNode> toolsByServer) {
        this.server = server;
        this.executor = executor;
        this.toolsByServer = toolsByServer;
    }

    /** The corpus file: next to the repository in {@code ../shared}, or where {@code TOOLGATE_CORPUS} says. */
    public static Path corpusFile() {
        String configured = System.getenv("TOOLGATE_CORPUS");
        return configured != null ? Path.of(configured) : CORPUS;
    }

    /** Server name → its recorded {@code tools} array, in corpus order. */
    public static Map<String, JsonNode> read(Path corpus) throws IOException {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (JsonNode entry : Json.MAPPER.readTree(Files.readAllBytes(corpus))) {
            out.put(entry.path("server").asText(), entry.path("tools"));
        }
        return out;
    }

    public static CorpusUpstream start(Path corpus) throws IOException {
        return start(corpus, 1);
    }

    /** The corpus served {@code copies} times: copy n > 1 of server {@code s} is server {@code s-n}. */
    public static CorpusUpstream start(Path corpus, int copies) throws IOException {
        Map<String, JsonNode> tools = new LinkedHashMap<>();
        for (int n = 1; n <= copies; n++) {
            for (Map.Entry<String, JsonNode> e : read(corpus).entrySet()) {
                tools.put(n == 1 ? e.getKey() : e.getKey() + "-" + n, e.getValue());
            }
        }
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        ExecutorService executor = Executors.newFixedThreadPool(4);
        server.setExecutor(executor);
        CorpusUpstream upstream = new CorpusUpstream(server, executor, tools);
        server.createContext("/mcp/", upstream::handle);
        server.start();
        return upstream;
    }

    /** The servers, in corpus order. */
    public Iterable<String> servers() {
        return toolsByServer.keySet();
    }

    /** {@code GATEWAY_UPSTREAMS}: every server as a domain of its own name. */
    public String upstreamsJson() {
        ObjectNode out = Json.object();
        toolsByServer.keySet().forEach(s -> out.put(s, url(s)));
        return Json.write(out);
    }

    public String url(String serverName) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/mcp/" + serverName;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            JsonNode tools = toolsByServer.get(ex.getRequestURI().getPath().substring("/mcp/".length()));
            if (tools == null || !"POST".equals(ex.getRequestMethod())) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            JsonNode msg = Json.MAPPER.readTree(ex.getRequestBody());
            if (!msg.has("id")) {
                ex.sendResponseHeaders(202, -1);
                return;
            }
            ObjectNode reply = Json.object().put("jsonrpc", "2.0");
            reply.set("id", msg.get("id"));
            String method = msg.path("method").asText();
            switch (method) {
                case "initialize" -> {
                    ObjectNode result = reply.putObject("result");
                    result.put("protocolVersion", msg.at("/params/protocolVersion").asText("2025-11-25"));
                    result.putObject("capabilities").putObject("tools");
                    result.putObject("serverInfo").put("name", "corpus").put("version", "1");
                    ex.getResponseHeaders().add("Mcp-Session-Id", "corpus-session");
                }
                case "tools/list" -> reply.putObject("result").set("tools", tools);
                case "tools/call" -> reply.putObject("result").putArray("content").addObject().put("type", "text")
                        .put("text", "called " + msg.at("/params/name").asText());
                case "ping" -> reply.putObject("result");
                default -> reply.putObject("error").put("code", -32601).put("message", "Method not found: " + method);
            }
            byte[] body = Json.MAPPER.writeValueAsBytes(reply);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
