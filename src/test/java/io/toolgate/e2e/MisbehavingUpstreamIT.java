package io.toolgate.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.toolgate.json.Json;
import io.toolgate.testing.Fixtures;
import io.toolgate.testing.NodeMcpClient;
import io.toolgate.testing.TestGateway;
import io.toolgate.testing.TestUpstream;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static io.toolgate.testing.NodeMcpClient.call;
import static io.toolgate.testing.NodeMcpClient.json;
import static io.toolgate.testing.NodeMcpClient.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An upstream that accepts a tool call and never answers, either before its response headers or in the middle of an
 * event stream, or answers with more bytes than allowed: the call fails with {@code execution_error} (after
 * GATEWAY_UPSTREAM_TIMEOUT for the stalled ones), and the other domain keeps answering.
 */
class MisbehavingUpstreamIT {

    @Test
    void stalledHeadersAndStalledStreamsAreCutAtTheUpstreamTimeout() throws Exception {
        try (MisbehavingUpstream slow = new MisbehavingUpstream();
             TestUpstream analytics = TestUpstream.start(Fixtures.analytics());
             TestGateway gw = TestGateway.start(Map.of(
                     "gateway.upstreams", "{\"slow\":\"" + slow.url() + "\",\"analytics\":\"" + analytics.url() + "\"}",
                     "gateway.upstream-timeout", "1.5"))) {
            CompletableFuture<JsonNode> calls = CompletableFuture.supplyAsync(() -> {
                try {
                    return NodeMcpClient.run(gw.mcpUrl(), List.of(
                            call("execute_tool", Map.of("tool_name", "slow_no_headers")),
                            call("execute_tool", Map.of("tool_name", "slow_stalled_stream")),
                            call("execute_tool", Map.of("tool_name", "analytics_metrics_query",
                                    "arguments", Map.of("metric", "mrr"))))).path("results");
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            });
            // the upstream holds both calls until it is closed: only the gateway's timeout ends them, and the
            // configured 1.5 s one ends them long before the default 30 s one would
            assertThat(calls).succeedsWithin(Duration.ofSeconds(20));
            JsonNode r = calls.join();

            for (String tool : List.of("slow_no_headers", "slow_stalled_stream")) {
                JsonNode failed = r.get(tool.equals("slow_no_headers") ? 0 : 1);
                assertThat(failed.path("isError").asBoolean()).isTrue();
                assertThat(json(failed).path("code").asText()).isEqualTo("execution_error");
                assertThat(json(failed).at("/details/tool").asText()).isEqualTo(tool);
            }
            assertThat(text(r.get(2))).isEqualTo("metric mrr");
            assertThat(slow.callsReceived()).isEqualTo(2);
        }
    }

    @Test
    void responsesLargerThanTheLimitFailTheCall() throws Exception {
        try (MisbehavingUpstream slow = new MisbehavingUpstream();
             TestGateway gw = TestGateway.start(Map.of(
                     "gateway.upstreams", "{\"slow\":\"" + slow.url() + "\"}",
                     "gateway.max-response-bytes", "4096"))) {
            JsonNode r = NodeMcpClient.run(gw.mcpUrl(), List.of(
                    call("execute_tool", Map.of("tool_name", "slow_huge")),
                    call("execute_tool", Map.of("tool_name", "slow_small")))).path("results");
            assertThat(json(r.get(0)).path("code").asText()).isEqualTo("execution_error");
            assertThat(text(r.get(1))).isEqualTo("x".repeat(100));
        }
    }

    @Test
    void discoveryIsSentOnceMoreWhenTheConnectionClosesBeforeAnAnswerButACallIsNot() throws Exception {
        try (MisbehavingUpstream flaky = new MisbehavingUpstream()) {
            flaky.closeWithoutAnswer("tools/list");
            flaky.closeWithoutAnswer("tools/call small");
            try (TestGateway gw = TestGateway.start(Map.of("gateway.upstreams", "{\"slow\":\"" + flaky.url() + "\"}"))) {
                assertThat(gw.registry().snapshot().tools()).containsKey("slow_small");
                JsonNode r = NodeMcpClient.run(gw.mcpUrl(), List.of(
                        call("execute_tool", Map.of("tool_name", "slow_small")),
                        call("execute_tool", Map.of("tool_name", "slow_small")))).path("results");
                assertThat(json(r.get(0)).path("code").asText()).isEqualTo("execution_error");
                assertThat(text(r.get(1))).isEqualTo("x".repeat(100));
                assertThat(flaky.received("tools/list")).isEqualTo(2);
                assertThat(flaky.received("tools/call small")).isEqualTo(2);
            }
        }
    }

    /**
     * Lists four tools: calling {@code no_headers} never answers, {@code stalled_stream} starts an event stream and
     * stops, {@code huge} answers with 8,000 characters of text and {@code small} with 100. A request named in
     * {@link #closeWithoutAnswer} ("method", or "tools/call TOOL") is answered, the first time, by closing the connection.
     */
    private static final class MisbehavingUpstream implements AutoCloseable {
        private final HttpServer server;
        private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "misbehaving-upstream");
            t.setDaemon(true);
            return t;
        });
        private final CountDownLatch released = new CountDownLatch(1);
        private volatile int calls;
        private final Set<String> dropOnce = ConcurrentHashMap.newKeySet();
        private final Map<String, AtomicInteger> received = new ConcurrentHashMap<>();

        MisbehavingUpstream() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setExecutor(pool);
            server.createContext("/mcp", this::handle);
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/mcp";
        }

        int callsReceived() {
            return calls;
        }

        void closeWithoutAnswer(String request) {
            dropOnce.add(request);
        }

        int received(String request) {
            return received.getOrDefault(request, new AtomicInteger()).get();
        }

        private void handle(HttpExchange ex) throws IOException {
            try (ex) {
                JsonNode msg = Json.MAPPER.readTree(ex.getRequestBody());
                String request = msg.path("method").asText()
                        + (msg.at("/params/name").isTextual() ? " " + msg.at("/params/name").asText() : "");
                received.computeIfAbsent(request, k -> new AtomicInteger()).incrementAndGet();
                if (dropOnce.remove(request)) {
                    return;
                }
                if (!msg.has("id")) {
                    ex.sendResponseHeaders(202, -1);
                    return;
                }
                ObjectNode result = Json.object();
                switch (msg.path("method").asText()) {
                    case "initialize" -> {
                        result.put("protocolVersion", msg.at("/params/protocolVersion").asText());
                        result.putObject("capabilities").putObject("tools");
                        result.putObject("serverInfo").put("name", "misbehaving").put("version", "1");
                    }
                    case "tools/list" -> {
                        for (String name : List.of("no_headers", "stalled_stream", "huge", "small")) {
                            result.withArray("tools").addObject().put("name", name).put("description", "Misbehaves.")
                                    .putObject("inputSchema").put("type", "object");
                        }
                    }
                    case "tools/call" -> {
                        String tool = msg.at("/params/name").asText();
                        if (tool.equals("huge") || tool.equals("small")) {
                            result.putArray("content").addObject().put("type", "text")
                                    .put("text", "x".repeat(tool.equals("huge") ? 8000 : 100));
                            break;
                        }
                        calls++;
                        if (tool.equals("stalled_stream")) {
                            ex.getResponseHeaders().add("Content-Type", "text/event-stream");
                            ex.sendResponseHeaders(200, 0);
                            OutputStream out = ex.getResponseBody();
                            out.write(("data: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\","
                                    + "\"params\":{\"level\":\"info\",\"data\":\"working\"}}\n\n").getBytes(StandardCharsets.UTF_8));
                            out.flush();
                        }
                        awaitRelease();
                        return;
                    }
                    default -> result.put("unsupported", true);
                }
                ObjectNode reply = Json.object().put("jsonrpc", "2.0");
                reply.set("id", msg.get("id"));
                reply.set("result", result);
                byte[] body = Json.write(reply).getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().add("Content-Type", "application/json");
                ex.sendResponseHeaders(200, body.length);
                ex.getResponseBody().write(body);
            }
        }

        private void awaitRelease() {
            try {
                released.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() {
            released.countDown();
            server.stop(0);
            pool.shutdownNow();
        }
    }
}
