package io.toolgate.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.toolgate.json.Json;

import java.io.File;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * Runs {@code e2e/client.mjs}: the official MCP TypeScript SDK client, connecting to a URL and performing steps.
 * {@code mvn verify} installs it (npm ci in e2e/) before the integration tests run.
 */
public final class NodeMcpClient {

    public static final Path E2E = Path.of(System.getProperty("user.dir"), "e2e");

    /**
     * Starts a Node MCP server script of {@code e2e/} with {@code PORT} set and {@code args} after it, and waits until
     * it accepts connections.
     */
    public static Process startServer(String script, int port, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("node", script));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(E2E.toFile())
                .redirectErrorStream(true).redirectOutput(File.createTempFile(script, ".log"));
        pb.environment().put("PORT", String.valueOf(port));
        Process server = pb.start();
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return true;
            }
        });
        return server;
    }

    private NodeMcpClient() {
    }

    public static Map<String, Object> call(String tool, Object arguments) {
        return Map.of("tool", tool, "arguments", arguments);
    }

    public static Map<String, Object> op(String op) {
        return Map.of("op", op);
    }

    /** Connects, performs the steps, ends the session; returns the client's JSON report. */
    public static JsonNode run(String url, List<Map<String, Object>> steps) throws Exception {
        return run(url, steps, Map.of());
    }

    public static JsonNode run(String url, List<Map<String, Object>> steps, Map<String, String> headers) throws Exception {
        if (!Files.isDirectory(E2E.resolve("node_modules/@modelcontextprotocol/sdk"))) {
            throw new IllegalStateException("e2e/node_modules is missing: run 'npm ci --prefix e2e' (mvn verify does)");
        }
        File out = File.createTempFile("mcp-client", ".json");
        File err = File.createTempFile("mcp-client", ".err");
        try {
            Process p = new ProcessBuilder("node", "client.mjs", url, Json.write(steps), Json.write(headers))
                    .directory(E2E.toFile())
                    .redirectOutput(out).redirectError(err).start();
            if (!p.waitFor(90, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("MCP client timed out");
            }
            String stdout = Files.readString(out.toPath(), StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new AssertionError("MCP client failed (" + p.exitValue() + "): "
                        + Files.readString(err.toPath(), StandardCharsets.UTF_8) + stdout);
            }
            return Json.parse(stdout);
        } finally {
            out.delete();
            err.delete();
        }
    }

    /** The text of the first content block of a tool result. */
    public static String text(JsonNode result) {
        return result.path("content").path(0).path("text").asText();
    }

    /** The first content block's text, parsed as JSON. */
    public static JsonNode json(JsonNode result) {
        return Json.parse(text(result));
    }
}
