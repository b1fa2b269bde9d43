import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * toolgate benchmark (not a test). Starts a minimal, fast MCP upstream in this JVM and the gateway as its own
 * process (target/toolgate.jar), both on loopback, then:
 *  1. the same tools/call load directly against the upstream and through execute_tool: median and p99 latency,
 *     calls/s at 16 concurrent sessions, and the gateway's CPU time per call (utime+stime from /proc/PID/stat);
 *     then a quarter as many calls from one session, for the added latency without competition for the CPU;
 *  2. 10,000 synthetic tools across 100 upstreams: discover_tools(query) median latency and the gateway's RSS.
 * Usage: bench/run.sh [calls-per-phase [warm-up-calls]]   (defaults 20000 and 100000 per path: with fewer warm-up
 * calls the JIT is still compiling the gateway's hot paths during the measurement on a two-core machine)
 *        bench/run.sh transports [calls [warm-up-calls]]   (defaults 20000 and 20000: Streamable HTTP against stdio,
 *        see {@link #transports})
 *        bench/run.sh code [calls [warm-up-calls]]   (defaults 1500 and 10500: execute_code, see {@link #code})
 *        bench/run.sh telemetry [calls [warm-up-calls [before.jar [rounds]]]]   (defaults 20000, 20000, no jar, 2:
 *        execute_tool's CPU per call with telemetry off, metrics on, tracing on, against an earlier jar; see
 *        {@link #telemetry})
 */
public class Bench {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final int CONCURRENCY = 16;
    static final AtomicInteger RETRIES = new AtomicInteger();
    static final String[] WORDS = ("account invoice customer order ticket report metric deal contact payment refund "
            + "shipment product inventory user team project issue comment label release build deploy alert incident "
            + "calendar event meeting email message channel file folder document page search list create update delete "
            + "archive export import sync schedule approve reject assign close open merge review publish").split(" ");

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("transports")) {
            transports(args.length > 1 ? Integer.parseInt(args[1]) : 20_000, args.length > 2 ? Integer.parseInt(args[2]) : 20_000);
            return;
        }
        if (args.length > 0 && args[0].equals("telemetry")) {
            telemetry(args.length > 1 ? Integer.parseInt(args[1]) : 20_000, args.length > 2 ? Integer.parseInt(args[2]) : 20_000,
                    args.length > 3 ? args[3] : null, args.length > 4 ? Integer.parseInt(args[4]) : 2);
            return;
        }
        if (args.length > 0 && args[0].equals("code")) {
            code(args.length > 1 ? Integer.parseInt(args[1]) : 1_500, args.length > 2 ? Integer.parseInt(args[2]) : 10_500);
            return;
        }
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        HttpServer upstream = fastUpstream();
        String upstreamBase = "http://127.0.0.1:" + upstream.getAddress().getPort();
        long tck = clkTck();

        System.out.println("== execute_tool vs direct (" + CONCURRENCY + " concurrent sessions, " + calls + " calls each, "
                + warmup + " warm-up calls)");
        Gateway gw = Gateway.start("{\"fast\":\"" + upstreamBase + "/u/fast\"}");
        try {
            String direct = upstreamBase + "/u/fast";
            Load.run(direct, DIRECT_ECHO, warmup, CONCURRENCY);
            Result d = Load.run(direct, DIRECT_ECHO, calls, CONCURRENCY);
            Load.run(gw.url, FAST_ECHO, warmup, CONCURRENCY);
            long cpu0 = gw.cpuTicks();
            Result g = Load.run(gw.url, FAST_ECHO, calls, CONCURRENCY);
            long cpu1 = gw.cpuTicks();
            int sequential = Math.max(1, calls / 4);
            Result d1 = Load.run(direct, DIRECT_ECHO, sequential, 1);
            Result g1 = Load.run(gw.url, FAST_ECHO, sequential, 1);
            double cpuPerCallUs = (cpu1 - cpu0) * 1e6 / tck / calls;
            System.out.printf("%-22s %12s %12s %12s%n", "path", "median ms", "p99 ms", "calls/s");
            print("direct to upstream", d);
            print("through execute_tool", g);
            System.out.printf("added median latency: %.3f ms (target <= 0.3)%n", g.median - d.median);
            System.out.printf("latency ratio gateway/direct (median): %.2f%n", g.median / d.median);
            System.out.printf("gateway CPU per call: %.0f us (target <= 200; %d ticks at %d Hz)%n", cpuPerCallUs, cpu1 - cpu0, tck);
            System.out.printf("one session, %d calls each: direct median %.3f ms, through execute_tool median %.3f ms, "
                    + "added %.3f ms%n", sequential, d1.median, g1.median, g1.median - d1.median);
            System.out.printf("client calls sent again after a stale keep-alive connection: %d%n", RETRIES.get());
        } finally {
            gw.stop();
        }

        System.out.println();
        System.out.println("== discover_tools(query) over 10,000 tools in 100 upstreams");
        StringBuilder ups = new StringBuilder("{");
        for (int i = 0; i < 100; i++) {
            ups.append(i == 0 ? "" : ",").append("\"svc").append(i).append("\":\"").append(upstreamBase).append("/u/svc").append(i).append('"');
        }
        Gateway big = Gateway.start(ups.append('}').toString());
        try {
            Session s = Session.open(big.url);
            Random rnd = new Random(42);
            for (int i = 0; i < 10_000; i++) {
                s.discover(WORDS[rnd.nextInt(WORDS.length)] + " " + WORDS[rnd.nextInt(WORDS.length)]);
            }
            double[] lat = new double[2000];
            for (int i = 0; i < lat.length; i++) {
                String q = WORDS[rnd.nextInt(WORDS.length)] + " " + WORDS[rnd.nextInt(WORDS.length)];
                long t0 = System.nanoTime();
                s.discover(q);
                lat[i] = (System.nanoTime() - t0) / 1e6;
            }
            Arrays.sort(lat);
            System.out.printf("tools registered: %d%n", big.toolCount());
            System.out.printf("discover_tools(query) median: %.3f ms, p99: %.3f ms (target median < 2)%n",
                    lat[lat.length / 2], lat[(int) (lat.length * 0.99)]);
            System.out.printf("gateway RSS: %d MB (target < 400)%n", big.rssKb() / 1024);
        } finally {
            big.stop();
            upstream.stop(0);
        }
    }

    /**
     * The cost of observability on execute_tool: gateway CPU per call and median latency at 16 sessions, for the
     * gateway as shipped (access log on, at INFO, written to a file), with the access log off, with metrics on, with
     * tracing on (every span exported over OTLP/HTTP to a receiver in this JVM), with both, and for {@code beforeJar}
     * (an earlier build) as shipped. The configurations run in turn, {@code rounds} times, so drift hits all alike;
     * the table gives each round and the median.
     */
    static void telemetry(int calls, int warmup, String beforeJar, int rounds) throws Exception {
        HttpServer upstream = fastUpstream();
        String upstreams = "{\"fast\":\"http://127.0.0.1:" + upstream.getAddress().getPort() + "/u/fast\"}";
        HttpServer otlp = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        AtomicInteger exports = new AtomicInteger();
        otlp.createContext("/v1/traces", ex -> {
            ex.getRequestBody().readAllBytes();
            exports.incrementAndGet();
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        otlp.start();
        String endpoint = "http://127.0.0.1:" + otlp.getAddress().getPort();
        Map<String, Map<String, String>> configs = new java.util.LinkedHashMap<>();
        configs.put("as shipped", Map.of());
        configs.put("access log off", Map.of("GATEWAY_ACCESS_LOG", "false"));
        configs.put("metrics on", Map.of("GATEWAY_METRICS", "true"));
        configs.put("tracing on", Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint, "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"));
        configs.put("metrics + tracing", Map.of("GATEWAY_METRICS", "true", "OTEL_EXPORTER_OTLP_ENDPOINT", endpoint,
                "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"));
        Map<String, String> jars = new java.util.LinkedHashMap<>();
        if (beforeJar != null) {
            jars.put("before: as shipped", beforeJar);
        }
        configs.keySet().forEach(c -> jars.put(c, "target/toolgate.jar"));
        Map<String, List<double[]>> figures = new java.util.LinkedHashMap<>();
        long tck = clkTck();
        System.out.println("== observability cost on execute_tool (" + CONCURRENCY + " sessions, " + calls + " calls, "
                + warmup + " warm-up calls, " + rounds + " rounds, LOG_LEVEL=INFO)");
        for (int round = 1; round <= rounds; round++) {
            for (Map.Entry<String, String> run : jars.entrySet()) {
                Map<String, String> env = new HashMap<>(configs.getOrDefault(run.getKey(), Map.of()));
                env.put("LOG_LEVEL", "INFO");
                env.put("GATEWAY_SEARCH", "lexical");
                Gateway gw = Gateway.start(upstreams, env, run.getValue());
                try {
                    Load.run(gw.url, FAST_ECHO, warmup, CONCURRENCY);
                    long cpu0 = gw.cpuTicks();
                    Result r = Load.run(gw.url, FAST_ECHO, calls, CONCURRENCY);
                    long cpu1 = gw.cpuTicks();
                    double us = (cpu1 - cpu0) * 1e6 / tck / calls;
                    figures.computeIfAbsent(run.getKey(), k -> new ArrayList<>()).add(new double[] {us, r.median()});
                    System.out.printf("round %d, %-20s CPU per call %4.0f us, median %.3f ms%n", round, run.getKey(), us, r.median());
                } finally {
                    gw.stop();
                }
            }
        }
        System.out.printf("%n%-20s %26s %14s%n", "configuration", "CPU per call (us), rounds", "median of CPU");
        double base = median(figures.get("as shipped").stream().mapToDouble(f -> f[0]).toArray());
        figures.forEach((name, runs) -> {
            double[] cpu = runs.stream().mapToDouble(f -> f[0]).toArray();
            StringBuilder each = new StringBuilder();
            for (double c : cpu) {
                each.append(String.format("%5.0f", c));
            }
            System.out.printf("%-20s %26s %8.0f (%.2fx)%n", name, each, median(cpu), median(cpu) / base);
        });
        System.out.println("OTLP export requests received: " + exports.get());
        otlp.stop(0);
        upstream.stop(0);
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /**
     * The same MCP server, {@code @modelcontextprotocol/server-everything} from e2e/node_modules, behind one gateway
     * twice: over Streamable HTTP and as a stdio child process. Each path is warmed up, then measured twice,
     * alternating; printed: latency, calls/s and the gateway's CPU time per call, and the stdio/HTTP ratios.
     */
    static void transports(int calls, int warmup) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ProcessBuilder pb = new ProcessBuilder("node", "everything.mjs").directory(Path.of("e2e").toFile())
                .redirectErrorStream(true).redirectOutput(Files.createTempFile("everything-bench", ".log").toFile());
        pb.environment().put("PORT", String.valueOf(port));
        Process everything = pb.start();
        String stdio = JSON.writeValueAsString(JSON.createObjectNode().put("command", "node").set("args", JSON.createArrayNode()
                .add(Path.of("e2e/node_modules/@modelcontextprotocol/server-everything/dist/index.js").toAbsolutePath().toString())
                .add("stdio")));
        System.out.println("== execute_tool through one server-everything over Streamable HTTP and over stdio ("
                + CONCURRENCY + " concurrent sessions, " + calls + " calls per measurement, " + warmup + " warm-up calls per path)");
        Gateway gw = null;
        try {
            for (long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos(); ; LockSupport.parkNanos(50_000_000)) {
                try (java.net.Socket ignored = new java.net.Socket("127.0.0.1", port)) {
                    break;
                } catch (IOException notYet) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("server-everything did not start");
                    }
                }
            }
            gw = Gateway.start("{\"http\":\"http://127.0.0.1:" + port + "/mcp\",\"stdio\":" + stdio + "}");
            String[][] paths = {{"http", "{\"tool_name\":\"http_echo\",\"arguments\":{\"message\":\"hello\"}}"},
                    {"stdio", "{\"tool_name\":\"stdio_echo\",\"arguments\":{\"message\":\"hello\"}}"}};
            for (String[] path : paths) {
                Load.run(gw.url, path[1], warmup, CONCURRENCY);
            }
            long tck = clkTck();
            System.out.printf("%-8s %5s %12s %12s %12s %14s%n", "path", "round", "median ms", "p99 ms", "calls/s", "CPU us/call");
            double[][] median = new double[2][2];
            double[][] cpu = new double[2][2];
            for (int round = 0; round < 2; round++) {
                for (int p = 0; p < paths.length; p++) {
                    long cpu0 = gw.cpuTicks();
                    Result r = Load.run(gw.url, paths[p][1], calls, CONCURRENCY);
                    median[p][round] = r.median;
                    cpu[p][round] = (gw.cpuTicks() - cpu0) * 1e6 / tck / calls;
                    System.out.printf("%-8s %5d %12.3f %12.3f %12.0f %14.0f%n", paths[p][0], round + 1, r.median, r.p99,
                            r.throughput, cpu[p][round]);
                }
            }
            for (int round = 0; round < 2; round++) {
                System.out.printf("round %d: stdio/http median latency %.2f, gateway CPU per call %.2f%n", round + 1,
                        median[1][round] / median[0][round], cpu[1][round] / cpu[0][round]);
            }
        } finally {
            if (gw != null) {
                gw.stop();
            }
            everything.destroy();
            everything.waitFor();
        }
    }

    /**
     * The gateway with GATEWAY_CODE_MODE=true in front of the fast upstream: launch to /readyz, the first
     * execute_code call; then, after a warm-up, execute_tool, execute_code with one nested call and execute_code with
     * none, measured twice, alternating, from one session (latency, gateway CPU and the worker JVMs' CPU per call);
     * last, the bytes a model reads for the notes task done as five execute_tool calls and as one execute_code.
     */
    static void code(int calls, int warmup) throws Exception {
        HttpServer upstream = fastUpstream();
        long tck = clkTck();
        System.out.println("== execute_code (GATEWAY_CODE_MODE=true, default workers; " + calls + " calls per measurement "
                + "from one session, " + warmup + " warm-up calls in all from 2 sessions)");
        String fast = "{\"fast\":\"http://127.0.0.1:" + upstream.getAddress().getPort() + "/u/fast\"}";
        System.out.print("for reference, code mode off: ");
        Gateway.start(fast).stop();
        System.out.print("code mode on: ");
        Instant launched = Instant.now();
        Gateway gw = Gateway.start(fast, Map.of("GATEWAY_CODE_MODE", "true"));
        try {
            Map<Long, Long> readyTicks = new HashMap<>();
            gw.process.descendants().forEach(w -> readyTicks.put(w.pid(), Gateway.ticks(w.pid())));
            Session s = Session.open(gw.url);
            for (int i = 1; i <= 3; i++) {
                long t0 = System.nanoTime();
                s.call("execute_code", CODE_NESTED);
                System.out.printf("execute_code call %d after /readyz: %.0f ms%s%n", i, (System.nanoTime() - t0) / 1e6,
                        i == 1 ? " (target <= 1000)" : "");
            }
            for (ProcessHandle w : gw.process.descendants().toList()) {
                System.out.printf("worker pid %d launched %d ms after the gateway; its CPU: %d ms at /readyz, %d ms after "
                        + "the three calls%n", w.pid(), Duration.between(launched, w.info().startInstant().orElse(launched)).toMillis(),
                        readyTicks.getOrDefault(w.pid(), 0L) * 1000 / tck, Gateway.ticks(w.pid()) * 1000 / tck);
            }
            String[][] paths = {{"execute_tool fast_echo", "execute_tool", FAST_ECHO},
                    {"execute_code, 1 nested", "execute_code", CODE_NESTED}, {"execute_code, 1 + 1", "execute_code", CODE_PLAIN}};
            for (String[] path : paths) {
                Load.run(gw.url, path[1], path[2], warmup / paths.length, 2);
            }
            System.out.printf("%-24s %5s %10s %10s %10s %12s %14s%n", "path", "round", "median ms", "p99 ms", "calls/s",
                    "gw CPU us", "workers CPU us");
            for (int round = 1; round <= 2; round++) {
                for (String[] path : paths) {
                    long cpu0 = gw.cpuTicks();
                    long workers0 = gw.workerTicks();
                    Result r = Load.run(gw.url, path[1], path[2], calls, 1);
                    System.out.printf("%-24s %5d %10.3f %10.3f %10.0f %12.0f %14.0f%n", path[0], round, r.median, r.p99,
                            r.throughput, (gw.cpuTicks() - cpu0) * 1e6 / tck / calls,
                            (gw.workerTicks() - workers0) * 1e6 / tck / calls);
                }
            }
            System.out.println("(target: execute_code with 1 nested call, median <= 15 ms warm)");
            notesTask(Session.open(gw.url));
        } finally {
            gw.stop();
            upstream.stop(0);
        }
    }

    static final String CODE_NESTED = codeArguments("await fast_echo({text: \"hello\"})");
    static final String CODE_PLAIN = codeArguments("1 + 1");
    static final String NOTES_CODE = """
            const {notes} = await fast_search({query: "deploy"});
            const picked = notes.filter(n => n.title.includes("deploy"));
            const read = await Promise.all(picked.map(n => fast_read({id: n.id})));
            const lines = read.flatMap(n => n.body.split("\\n").filter(l => l.includes("rollback")));
            const saved = await fast_write({text: lines.join("\\n")});
            `${saved.id}: ${lines.length} rollback lines from ${picked.length} deploy reviews`""";

    static String codeArguments(String code) {
        return JSON.createObjectNode().put("code", code).toString();
    }

    /**
     * Search the 50 notes, read the three deploy reviews, keep their lines mentioning a rollback, write them as a
     * summary, answer a short line: as five execute_tool calls (a model reads every response) and as one execute_code
     * (a model reads one response). Both must store the same summary.
     */
    static void notesTask(Session s) throws Exception {
        System.out.println();
        System.out.println("== notes task: search -> read -> filter -> write -> summarise");
        long bytes = 0;
        byte[] body = s.raw("execute_tool", "{\"tool_name\":\"fast_search\",\"arguments\":{\"query\":\"deploy\"}}");
        bytes += body.length;
        List<String> lines = new ArrayList<>();
        int read = 0;
        for (JsonNode note : JSON.readTree(Session.result(body).at("/content/0/text").asText()).path("notes")) {
            if (note.path("title").asText().contains("deploy")) {
                body = s.raw("execute_tool", "{\"tool_name\":\"fast_read\",\"arguments\":{\"id\":\"" + note.path("id").asText() + "\"}}");
                bytes += body.length;
                read++;
                for (String l : JSON.readTree(Session.result(body).at("/content/0/text").asText()).path("body").asText().split("\n")) {
                    if (l.contains("rollback")) {
                        lines.add(l);
                    }
                }
            }
        }
        body = s.raw("execute_tool", JSON.writeValueAsString(JSON.createObjectNode().put("tool_name", "fast_write")
                .set("arguments", JSON.createObjectNode().put("text", String.join("\n", lines)))));
        bytes += body.length;
        Session.result(body);
        int toolCalls = read + 2;
        byte[] code = s.raw("execute_code", codeArguments(NOTES_CODE));
        String answer = Session.result(code).at("/structuredContent/result").asText();
        if (WRITTEN.size() != 2 || !WRITTEN.get("summary-1").equals(WRITTEN.get("summary-2"))) {
            throw new IllegalStateException("the two paths stored different summaries: " + WRITTEN);
        }
        System.out.printf("%d execute_tool calls: %d response bytes read by the model%n", toolCalls, bytes);
        System.out.printf("1 execute_code call (%d nested): %d response bytes (answer: \"%s\")%n", toolCalls, code.length, answer);
        System.out.printf("ratio: %.1fx fewer bytes with execute_code%n", (double) bytes / code.length);
    }

    static long clkTck() throws IOException {
        return Long.parseLong(new String(new ProcessBuilder("getconf", "CLK_TCK").start().getInputStream().readAllBytes()).trim());
    }

    static final String DIRECT_ECHO = "";
    static final String FAST_ECHO = "{\"tool_name\":\"fast_echo\",\"arguments\":{\"text\":\"hello\"}}";

    static void print(String name, Result r) {
        System.out.printf("%-22s %12.3f %12.3f %12.0f%n", name, r.median, r.p99, r.throughput);
    }

    record Result(double median, double p99, double throughput) {
    }

    /** A minimal MCP server: any path /u/NAME is an upstream; svcN serves 100 synthetic tools, fast serves echo. */
    static HttpServer fastUpstream() throws IOException {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
        server.setExecutor(Executors.newFixedThreadPool(CONCURRENCY, r -> {
            Thread t = new Thread(r, "bench-upstream");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/u/", ex -> {
            try (ex) {
                JsonNode msg = JSON.readTree(ex.getRequestBody());
                String method = msg.path("method").asText();
                if (!msg.has("id")) {
                    ex.sendResponseHeaders(202, -1);
                    return;
                }
                ObjectNode result = JSON.createObjectNode();
                switch (method) {
                    case "initialize" -> {
                        result.put("protocolVersion", msg.at("/params/protocolVersion").asText());
                        result.putObject("capabilities").putObject("tools");
                        result.putObject("serverInfo").put("name", "fast").put("version", "1");
                        ex.getResponseHeaders().add("Mcp-Session-Id", "s-" + System.nanoTime());
                    }
                    case "tools/list" -> result.set("tools", tools(ex.getRequestURI().getPath().substring(3)));
                    case "tools/call" -> result.putArray("content").addObject().put("type", "text")
                            .put("text", callTool(msg.at("/params/name").asText(), msg.at("/params/arguments")));
                    default -> result.put("unsupported", method);
                }
                ObjectNode reply = JSON.createObjectNode().put("jsonrpc", "2.0");
                reply.set("id", msg.get("id"));
                reply.set("result", result);
                send(ex, JSON.writeValueAsBytes(reply));
            }
        });
        server.start();
        return server;
    }

    /** fast's tools: echo, and the notes fixture: search (50 ids and titles), read (a ~2 KB note), write (stores a text). */
    static String callTool(String name, JsonNode args) throws IOException {
        switch (name) {
            case "search" -> {
                ObjectNode found = JSON.createObjectNode();
                ArrayNode notes = found.putArray("notes");
                for (int i = 0; i < 50; i++) {
                    notes.addObject().put("id", "n" + i).put("title", noteTitle(i));
                }
                return JSON.writeValueAsString(found);
            }
            case "read" -> {
                int i = Integer.parseInt(args.path("id").asText().substring(1));
                return JSON.writeValueAsString(JSON.createObjectNode().put("id", "n" + i).put("title", noteTitle(i))
                        .put("body", noteBody(i)));
            }
            case "write" -> {
                String id = "summary-" + (WRITTEN.size() + 1);
                WRITTEN.put(id, args.path("text").asText());
                return JSON.writeValueAsString(JSON.createObjectNode().put("id", id).put("chars", args.path("text").asText().length()));
            }
            default -> {
                return args.path("text").asText();
            }
        }
    }

    static final Map<String, String> WRITTEN = new ConcurrentHashMap<>();

    /** Three of the 50 notes (3, 19, 35) are deploy reviews. */
    static String noteTitle(int i) {
        return "Note " + i + ": " + (i % 16 == 3 ? "deploy review" : WORDS[i % 20] + " sync");
    }

    /** 20 lines of about 100 characters; every fifth line mentions a rollback. */
    static String noteBody(int i) {
        Random rnd = new Random(i);
        StringBuilder body = new StringBuilder();
        for (int line = 0; line < 20; line++) {
            StringBuilder l = new StringBuilder(line % 5 == 0 ? "rollback of the" : "the");
            while (l.length() < 96) {
                l.append(' ').append(WORDS[rnd.nextInt(WORDS.length)]);
            }
            body.append(l).append('\n');
        }
        return body.toString();
    }

    static ArrayNode tools(String domain) {
        ArrayNode out = JSON.createArrayNode();
        if (domain.equals("fast")) {
            for (String[] t : new String[][]{{"echo", "Echo the text.", "text"}, {"search", "Search the notes.", "query"},
                    {"read", "Read one note.", "id"}, {"write", "Store a text as a new note.", "text"}}) {
                out.addObject().put("name", t[0]).put("description", t[1]).set("inputSchema", parse("{\"type\":\"object\","
                        + "\"properties\":{\"" + t[2] + "\":{\"type\":\"string\"}},\"required\":[\"" + t[2] + "\"]}"));
            }
            return out;
        }
        Random rnd = new Random(domain.hashCode());
        for (int k = 0; k < 100; k++) {
            String a = WORDS[rnd.nextInt(WORDS.length)];
            String b = WORDS[rnd.nextInt(WORDS.length)];
            String c = WORDS[rnd.nextInt(WORDS.length)];
            out.addObject().put("name", a + "_" + b + "_" + k)
                    .put("description", "Does " + a + " " + b + " work for the " + c + " of a " + domain + " account.")
                    .set("inputSchema", parse("{\"type\":\"object\",\"properties\":{\"" + c + "_id\":{\"type\":\"string\"},"
                            + "\"limit\":{\"type\":\"integer\",\"default\":10}},\"required\":[\"" + c + "_id\"]}"));
        }
        return out;
    }

    static JsonNode parse(String s) {
        try {
            return JSON.readTree(s);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static void send(HttpExchange ex, byte[] body) throws IOException {
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(200, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    /** One MCP client session over Streamable HTTP (JSON responses). */
    static final class Session {
        final URI url;
        final String id;
        final AtomicInteger ids = new AtomicInteger();

        Session(URI url, String id) {
            this.url = url;
            this.id = id;
        }

        static Session open(String url) throws Exception {
            HttpResponse<String> r = HTTP.send(request(URI.create(url), null,
                    "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"bench\",\"version\":\"1\"}}}"),
                    HttpResponse.BodyHandlers.ofString());
            Session s = new Session(URI.create(url), r.headers().firstValue("Mcp-Session-Id").orElse(null));
            HTTP.send(request(s.url, s.id, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"), HttpResponse.BodyHandlers.discarding());
            return s;
        }

        JsonNode call(String tool, String arguments) throws Exception {
            return result(raw(tool, arguments));
        }

        /** The response body of a tools/call. */
        byte[] raw(String tool, String arguments) throws Exception {
            String body = "{\"jsonrpc\":\"2.0\",\"id\":" + ids.incrementAndGet() + ",\"method\":\"tools/call\",\"params\":{\"name\":\""
                    + tool + "\",\"arguments\":" + arguments + "}}";
            HttpResponse<byte[]> r;
            try {
                r = HTTP.send(request(url, id, body), HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException staleConnection) {
                // the server closed a pooled keep-alive connection as we reused it; counted and sent again once
                RETRIES.incrementAndGet();
                r = HTTP.send(request(url, id, body), HttpResponse.BodyHandlers.ofByteArray());
            }
            return r.body();
        }

        static JsonNode result(byte[] body) throws IOException {
            JsonNode reply = JSON.readTree(body);
            if (reply.has("error") || reply.at("/result/isError").asBoolean(false)) {
                throw new IllegalStateException("call failed: " + reply);
            }
            return reply.path("result");
        }

        void discover(String query) throws Exception {
            call("discover_tools", JSON.writeValueAsString(JSON.createObjectNode().put("query", query)));
        }

        static HttpRequest request(URI url, String session, String body) {
            HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            if (session != null) {
                b.header("Mcp-Session-Id", session);
            }
            return b.build();
        }
    }

    /** {@code sessions} concurrent sessions sharing {@code total} calls. */
    static final class Load {
        /** {@code execute} is the arguments of execute_tool, or {@link #DIRECT_ECHO} for the upstream's own echo. */
        static Result run(String url, String execute, int total, int sessions) throws Exception {
            return execute.equals(DIRECT_ECHO) ? run(url, "echo", "{\"text\":\"hello\"}", total, sessions)
                    : run(url, "execute_tool", execute, total, sessions);
        }

        static Result run(String url, String tool, String arguments, int total, int sessions) throws Exception {
            double[] lat = new double[total];
            AtomicInteger next = new AtomicInteger();
            CountDownLatch done = new CountDownLatch(sessions);
            List<Throwable> errors = new ArrayList<>();
            long t0 = System.nanoTime();
            for (int t = 0; t < sessions; t++) {
                Thread th = new Thread(() -> {
                    try {
                        Session s = Session.open(url);
                        int i;
                        while ((i = next.getAndIncrement()) < total) {
                            long start = System.nanoTime();
                            s.call(tool, arguments);
                            lat[i] = (System.nanoTime() - start) / 1e6;
                        }
                    } catch (Throwable e) {
                        synchronized (errors) {
                            errors.add(e);
                        }
                    } finally {
                        done.countDown();
                    }
                });
                th.start();
            }
            done.await();
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (!errors.isEmpty()) {
                throw new IllegalStateException("load failed", errors.get(0));
            }
            Arrays.sort(lat);
            return new Result(lat[total / 2], lat[(int) (total * 0.99)], total / seconds);
        }
    }

    /** The gateway as its own process, so its CPU time and RSS can be read from /proc. */
    static final class Gateway {
        final Process process;
        final String url;

        Gateway(Process process, String url) {
            this.process = process;
            this.url = url;
        }

        static Gateway start(String upstreams) throws Exception {
            return start(upstreams, Map.of());
        }

        static Gateway start(String upstreams, Map<String, String> env) throws Exception {
            return start(upstreams, env, "target/toolgate.jar");
        }

        static Gateway start(String upstreams, Map<String, String> env, String jar) throws Exception {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            String opts = System.getenv("BENCH_GATEWAY_OPTS");
            if (opts != null && !opts.isBlank()) {
                command.addAll(Arrays.asList(opts.trim().split("\\s+")));
            }
            command.addAll(List.of("-jar", jar));
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(Files.createTempFile("toolgate-bench", ".log").toFile());
            pb.environment().put("GATEWAY_HOST", "127.0.0.1");
            pb.environment().put("GATEWAY_PORT", String.valueOf(port));
            pb.environment().put("GATEWAY_UPSTREAMS", upstreams);
            pb.environment().put("LOG_LEVEL", "WARN");
            pb.environment().putAll(env);
            long started = System.nanoTime();
            Gateway g = new Gateway(pb.start(), "http://127.0.0.1:" + port + "/mcp");
            long deadline = started + Duration.ofSeconds(120).toNanos();
            while (true) {
                try {
                    if (HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz")).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        System.out.printf("gateway ready %d ms after launch (java -jar to /readyz 200)%n",
                                (System.nanoTime() - started) / 1_000_000);
                        return g;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                if (System.nanoTime() > deadline || !g.process.isAlive()) {
                    throw new IllegalStateException("gateway did not become ready");
                }
                LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
            }
        }

        long cpuTicks() {
            return ticks(process.pid());
        }

        /** CPU of the gateway's descendants (the code-mode worker JVMs) alive now. */
        long workerTicks() {
            return process.descendants().mapToLong(p -> ticks(p.pid())).sum();
        }

        /** utime+stime of a process; 0 once it has gone. */
        static long ticks(long pid) {
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return Long.parseLong(f[11]) + Long.parseLong(f[12]);
            } catch (IOException gone) {
                return 0;
            }
        }

        long rssKb() throws IOException {
            for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
            return -1;
        }

        int toolCount() throws Exception {
            JsonNode r = Session.open(url).call("discover_tools", "{}");
            return JSON.readTree(r.at("/content/0/text").asText()).path("total_tools").asInt();
        }

        void stop() throws InterruptedException {
            process.destroy();
            process.waitFor();
        }
    }
}
