package io.toolgate.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.toolgate.json.Json;
import io.toolgate.testing.GatewayProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mutated MCP requests of both eras against the packaged gateway ({@link RequestMutator}): no 5xx, no Java class name
 * or stack frame in any answer, the gateway still serving afterwards, and its heap back near the baseline after a GC.
 * {@code -Dreliability.requests=N} (default 4,000; the documented long run uses 100,000) and
 * {@code -Dreliability.seed=S} make a run reproducible.
 */
class ProtocolFuzzIT {

    private static final int REQUESTS = Integer.getInteger("reliability.requests", 4_000);
    private static final long SEED = Long.getLong("reliability.seed", 20261203L);
    private static final int THREADS = 8;
    private static final int MAX_BODY = 1024 * 1024;
    /** A stack frame, a Java package-qualified name or an exception class name; bounded, so linear in the text. */
    private static final Pattern LEAK = Pattern.compile("\\tat |\\.java:\\d|\\b(java|javax|jdk|sun|io\\.toolgate|io\\.vertx|"
            + "io\\.netty|org\\.apache|com\\.fasterxml|com\\.networknt|io\\.modelcontextprotocol|org\\.h2)\\.[a-z]"
            + "|\\b[A-Z][A-Za-z0-9]{0,60}(Exception|Error)\\b");
    private static final String SESSIONS_ERA = "2025-06-18";
    private static final String STATELESS_ERA = "2026-07-28";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private record Failure(String what, RequestMutator.Request request, int status, String body) {
    }

    @Test
    void mutatedRequestsOfBothErasNeverGetA5xxOrALeak(@TempDir Path dir) throws Exception {
        try (GatewayProcess gw = GatewayProcess.start(dir, Map.of("GATEWAY_MAX_BODY_BYTES", String.valueOf(MAX_BODY)))) {
            List<Seed> seeds = seeds();
            String warmSession = initialize(gw);
            for (int i = 0; i < 200; i++) {
                Seed s = seeds.get(i % seeds.size());
                send(gw, new RequestMutator.Request("POST", s.headers(warmSession), Json.write(s.message()).getBytes(),
                        "none", false));
            }
            long baseline = heapAfterGc(gw);

            ConcurrentLinkedQueue<Failure> failures = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<String> slow = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<String> cutOthers = new ConcurrentLinkedQueue<>();
            AtomicInteger sent = new AtomicInteger();
            AtomicInteger cut = new AtomicInteger();
            AtomicInteger cutOversized = new AtomicInteger();
            Map<Integer, AtomicInteger> statuses = new java.util.concurrent.ConcurrentSkipListMap<>();
            AtomicLong started = new AtomicLong(System.nanoTime());
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            List<java.util.concurrent.Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                RequestMutator mutator = new RequestMutator(new Random(SEED + t), MAX_BODY);
                Random pick = new Random(SEED * 31 + t);
                workers.add(pool.submit(() -> {
                    // each worker has a session of its own, opened again when a DELETE ended it
                    String session = initialize(gw);
                    while (sent.incrementAndGet() <= REQUESTS) {
                        Seed s = seeds.get(pick.nextInt(seeds.size()));
                        RequestMutator.Request r = mutator.mutate(s.message(), s.headers(session));
                        long t0 = System.nanoTime();
                        try {
                            Reply res = send(gw, r);
                            long millis = (System.nanoTime() - t0) / 1_000_000;
                            if (millis > 2_000) {
                                slow.add(millis + " ms " + res.statusCode() + " [" + r.method() + " " + r.mutation() + "] "
                                        + abbreviate(new String(r.body())));
                            }
                            statuses.computeIfAbsent(res.statusCode(), k -> new AtomicInteger()).incrementAndGet();
                            if (r.method().equals("DELETE") && res.statusCode() < 300) {
                                session = initialize(gw);
                            }
                            if (res.statusCode() >= 500) {
                                failures.add(new Failure("5xx", r, res.statusCode(), res.body()));
                            }
                            Matcher leak = LEAK.matcher(res.body() + res.headers());
                            if (leak.find()) {
                                failures.add(new Failure("leak '" + leak.group() + "'", r, res.statusCode(), res.body()));
                            }
                        } catch (IllegalArgumentException unsendable) {
                            // the HTTP client refuses the header value itself (e.g. an empty Mcp-Method)
                            statuses.computeIfAbsent(0, k -> new AtomicInteger()).incrementAndGet();
                        } catch (IOException closed) {
                            cut.incrementAndGet();
                            if (r.oversized()) {
                                cutOversized.incrementAndGet();
                            } else {
                                cutOthers.add(closed + " [" + r.method() + " " + r.mutation() + "] " + r.headers() + " "
                                        + abbreviate(new String(r.body())));
                            }
                        }
                    }
                    return null;
                }));
            }
            pool.shutdown();
            assertThat(pool.awaitTermination(30, TimeUnit.MINUTES)).isTrue();
            for (java.util.concurrent.Future<?> w : workers) {
                w.get();
            }
            double seconds = (System.nanoTime() - started.get()) / 1e9;
            long after = heapAfterGc(gw);
            System.out.printf("fuzz: %d requests in %.1f s, statuses %s, connections cut %d (%d oversized), "
                            + "heap after GC %d MiB before, %d MiB after, seed %d%n", REQUESTS, seconds, statuses, cut.get(),
                    cutOversized.get(), baseline >> 20, after >> 20, SEED);

            assertThat(slow).as("answers slower than 2 s").isEmpty();
            assertThat(failures).as("failures (first shown) of %d requests", REQUESTS)
                    .extracting(f -> f.what() + " " + f.status() + " for [" + f.request().method() + " "
                            + f.request().mutation() + "] " + abbreviate(new String(f.request().body())) + " -> "
                            + abbreviate(f.body()))
                    .isEmpty();
            assertThat(cutOthers).as("connections cut other than for oversized bodies").isEmpty();
            assertThat(listTools(gw, initialize(gw))).as("still serving").isGreaterThan(0);
            assertThat(after).as("heap after GC (baseline %d MiB)", baseline >> 20).isLessThan(baseline + Math.max(64L << 20, baseline / 2));
        }
    }

    /** A valid request and its headers; {@code Mcp-Session-Id} is filled in with the sender's session. */
    private record Seed(ObjectNode message, Map<String, String> template) {

        Map<String, String> headers(String session) {
            Map<String, String> h = new LinkedHashMap<>(template);
            h.computeIfPresent("Mcp-Session-Id", (k, v) -> session);
            return h;
        }
    }

    private static List<Seed> seeds() {
        Map<String, String> sessions = new LinkedHashMap<>(Map.of("Content-Type", "application/json",
                "Accept", "application/json, text/event-stream", "MCP-Protocol-Version", SESSIONS_ERA,
                "Mcp-Session-Id", "(session)"));
        List<Seed> out = new ArrayList<>();
        for (String m : List.of(
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{}}",
                "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"discover_tools\",\"arguments\":{\"query\":\"text statistics\",\"limit\":5}}}",
                "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"get_tool_schema\",\"arguments\":{\"tool_name\":\"examples_text_stats\"}}}",
                "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":{\"name\":\"execute_tool\",\"arguments\":{\"tool_name\":\"examples_text_stats\",\"arguments\":{\"text\":\"a b c\"}}}}",
                "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"ping\"}",
                "{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"resources/list\",\"params\":{\"cursor\":\"abc\"}}",
                "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"prompts/get\",\"params\":{\"name\":\"p\",\"arguments\":{\"a\":\"b\"}}}",
                "{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"completion/complete\",\"params\":{\"ref\":{\"type\":\"ref/prompt\",\"name\":\"p\"},\"argument\":{\"name\":\"a\",\"value\":\"x\"}}}",
                "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"logging/setLevel\",\"params\":{\"level\":\"debug\"}}",
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":4,\"reason\":\"x\"}}",
                "{\"jsonrpc\":\"2.0\",\"id\":10,\"result\":{\"content\":[]}}",
                "{\"jsonrpc\":\"2.0\",\"id\":11,\"method\":\"tasks/list\",\"params\":{}}")) {
            out.add(new Seed((ObjectNode) Json.parse(m), sessions));
        }
        Map<String, String> init = new LinkedHashMap<>(sessions);
        init.remove("Mcp-Session-Id");
        out.add(new Seed((ObjectNode) Json.parse("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{"
                + "\"protocolVersion\":\"" + SESSIONS_ERA + "\",\"capabilities\":{\"sampling\":{}},"
                + "\"clientInfo\":{\"name\":\"fuzz\",\"version\":\"1\"}}}"), init));
        for (String[] m : List.of(
                new String[]{"server/discover", "{}", null},
                new String[]{"tools/list", "{}", null},
                new String[]{"tools/call", "{\"name\":\"discover_tools\",\"arguments\":{\"query\":\"words\"}}", "discover_tools"},
                new String[]{"tools/call", "{\"name\":\"execute_tool\",\"arguments\":{\"tool_name\":\"examples_text_stats\",\"arguments\":{\"text\":\"x\"}}}", "execute_tool"},
                new String[]{"resources/read", "{\"uri\":\"file:///etc/passwd\"}", "file:///etc/passwd"},
                new String[]{"subscriptions/listen", "{\"notifications\":{\"toolsListChanged\":true}}", null})) {
            ObjectNode params = (ObjectNode) Json.parse(m[1]);
            ObjectNode meta = params.putObject("_meta");
            meta.put("io.modelcontextprotocol/protocolVersion", STATELESS_ERA);
            meta.putObject("io.modelcontextprotocol/clientCapabilities");
            ObjectNode message = Json.object().put("jsonrpc", "2.0").put("id", "s-" + m[0]).put("method", m[0]);
            message.set("params", params);
            Map<String, String> headers = new LinkedHashMap<>(Map.of("Content-Type", "application/json",
                    "Accept", "application/json, text/event-stream", "MCP-Protocol-Version", STATELESS_ERA, "Mcp-Method", m[0]));
            if (m[2] != null) {
                headers.put("Mcp-Name", m[2]);
            }
            out.add(new Seed(message, headers));
        }
        return out;
    }

    private static Reply send(GatewayProcess gw, RequestMutator.Request r) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gw.mcpUrl())).timeout(Duration.ofSeconds(60))
                .method(r.method(), r.method().equals("GET") || r.method().equals("DELETE")
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(r.body()));
        r.headers().forEach(b::header);
        HttpClient client = r.oversized() ? HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build() : HTTP;
        HttpResponse<java.io.InputStream> res = client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        try (java.io.InputStream in = res.body()) {
            // an event stream (GET or subscriptions/listen) stays open: read only its head
            String body = res.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream")
                    ? "(event stream)" : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            return new Reply(res.statusCode(), body, res.headers().map().toString());
        }
    }

    private record Reply(int statusCode, String body, String headers) {
    }

    private static String initialize(GatewayProcess gw) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(gw.mcpUrl()))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{"
                        + "\"protocolVersion\":\"" + SESSIONS_ERA + "\",\"capabilities\":{},\"clientInfo\":{\"name\":\"f\",\"version\":\"1\"}}}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        return r.headers().firstValue("Mcp-Session-Id").orElseThrow();
    }

    private static int listTools(GatewayProcess gw, String session) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(gw.mcpUrl()))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .header("Mcp-Session-Id", session).header("MCP-Protocol-Version", SESSIONS_ERA)
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":99,\"method\":\"tools/list\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode tools = Json.parse(r.body()).path("result").path("tools");
        return tools.size();
    }

    /** Used heap after a full GC, read with jcmd from the gateway process. */
    private static long heapAfterGc(GatewayProcess gw) throws Exception {
        jcmd(gw, "GC.run");
        String info = jcmd(gw, "GC.heap_info");
        Matcher used = Pattern.compile("used (\\d+)K").matcher(info);
        assertThat(used.find()).as("GC.heap_info: %s", info).isTrue();
        return Long.parseLong(used.group(1)) * 1024;
    }

    private static String jcmd(GatewayProcess gw, String command) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                String.valueOf(gw.pid()), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "…(" + s.length() + ")" : s;
    }
}
