package io.toolgate.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.toolgate.json.Json;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Cancelling a streamed upstream call: the caller stops waiting at once and the upstream gets
 * {@code notifications/cancelled} for the request's id; the progress it streamed before reached the listener.
 */
class UpstreamClientCancelTest {

    @Test
    void cancelEndsTheWaitAndTellsTheUpstream() throws Exception {
        List<JsonNode> received = new CopyOnWriteArrayList<>();
        CountDownLatch release = new CountDownLatch(1);
        HttpServer upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.setExecutor(Executors.newCachedThreadPool());
        upstream.createContext("/mcp", exchange -> {
            JsonNode message = Json.MAPPER.readTree(exchange.getRequestBody());
            received.add(message);
            String method = message.path("method").asText();
            if (method.equals("initialize")) {
                byte[] body = ("{\"jsonrpc\":\"2.0\",\"id\":" + message.get("id") + ",\"result\":{\"protocolVersion\":\"2025-11-25\","
                        + "\"capabilities\":{\"tools\":{}},\"serverInfo\":{\"name\":\"slow\",\"version\":\"1\"}}}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.getResponseHeaders().add("Mcp-Session-Id", "s1");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            } else if (method.equals("tools/call")) {
                exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
                exchange.sendResponseHeaders(200, 0);
                OutputStream out = exchange.getResponseBody();
                out.write(("data: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{\"progressToken\":\"t\","
                        + "\"progress\":1}}\n\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            } else {
                exchange.sendResponseHeaders(202, -1);
            }
            exchange.close();
        });
        upstream.start();
        try (UpstreamClient client = UpstreamClient.streamableHttp("slow", URI.create("http://127.0.0.1:" + upstream.getAddress().getPort() + "/mcp"),
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(), 30_000, 1 << 20, 4, "test",
                Executors.newCachedThreadPool(), m -> { })) {
            List<JsonNode> progress = new CopyOnWriteArrayList<>();
            Runnable[] cancel = new Runnable[1];
            UpstreamListener listener = new UpstreamListener() {
                @Override
                public void notification(JsonNode message) {
                    progress.add(message);
                    cancel[0].run();
                }

                @Override
                public JsonNode request(JsonNode message) {
                    throw new AssertionError("no request expected");
                }

                @Override
                public void started(Runnable c) {
                    cancel[0] = c;
                }
            };
            CompletableFuture<JsonNode> call = CompletableFuture.supplyAsync(() ->
                    client.callTool("work", null, Json.parse("{\"progressToken\":\"t\"}"), Map.of(), listener));
            assertThat(call).failsWithin(Duration.ofSeconds(10)).withThrowableOfType(ExecutionException.class)
                    .havingCause().isInstanceOf(UpstreamException.class).withMessage("cancelled by the caller");
            assertThat(release.getCount()).as("the call ended while the upstream still held its response").isEqualTo(1);
            assertThat(progress).hasSize(1);
            long callId = received.stream().filter(m -> m.path("method").asText().equals("tools/call"))
                    .findFirst().orElseThrow().path("id").asLong();
            await().atMost(Duration.ofSeconds(10)).until(() -> received.stream().anyMatch(m ->
                    m.path("method").asText().equals("notifications/cancelled") && m.at("/params/requestId").asLong() == callId));
        } finally {
            release.countDown();
            upstream.stop(0);
        }
    }
}
