package io.toolgate.search;

import com.fasterxml.jackson.databind.JsonNode;
import io.toolgate.json.Json;
import io.toolgate.testing.CorpusUpstream;
import io.toolgate.testing.GatewayProcess;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/**
 * Search at scale: the shared corpus served ten times under other domain names (10,170 tools) behind the packaged
 * gateway ({@code target/toolgate.jar}, its own process) with hybrid search. Arguments, all optional: copies of the
 * corpus (10), {@code GATEWAY_SEARCH} ({@code hybrid}), the gateway's JVM options (none). Measures the time from launch to
 * {@code /readyz} and until every tool has a vector, then {@code discover_tools(query)} over MCP on one session with
 * the evaluation's requests in turn: 10,000 warm-up calls, then 3,000 measured ones (median and p99, query embedding
 * included, each query made unique so no cached vector is reused), the gateway's CPU time per call and its RSS.
 */
public final class SearchBenchmark {

    public static void main(String[] args) throws Exception {
        int copies = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        String mode = args.length > 1 ? args[1] : "hybrid";
        String jvmOptions = args.length > 2 ? args[2] : "";
        List<String> queries = SearchEvaluation.requests().stream().map(SearchEvaluation.Request::query).toList();
        Path dir = Files.createTempDirectory("toolgate-search-bench");
        HttpClient http = HttpClient.newHttpClient();
        try (CorpusUpstream upstream = CorpusUpstream.start(CorpusUpstream.corpusFile(), copies)) {
            long launched = System.nanoTime();
            try (GatewayProcess gateway = GatewayProcess.start(dir, Map.of("GATEWAY_UPSTREAMS", upstream.upstreamsJson(),
                    "GATEWAY_SEARCH", mode, "GATEWAY_DATA_DIR", dir.resolve("data").toString(), "JAVA_TOOL_OPTIONS", jvmOptions))) {
                double readySeconds = (System.nanoTime() - launched) / 1e9;
                HttpRequest readyz = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/readyz")).build();
                JsonNode[] search = new JsonNode[1];
                await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
                    search[0] = Json.parse(http.send(readyz, HttpResponse.BodyHandlers.ofString()).body()).path("search");
                    return search[0].path("tools").asInt() > 0
                            && (mode.equals("lexical") || search[0].path("vectors").asInt() == search[0].path("tools").asInt());
                });
                double vectorsSeconds = (System.nanoTime() - launched) / 1e9;
                SearchEvaluation.McpCaller mcp = new SearchEvaluation.McpCaller(gateway.mcpUrl());
                for (int i = 0; i < 10_000; i++) {
                    mcp.discover(queries.get(i % queries.size()) + " w" + i);
                }
                long[] nanos = new long[3_000];
                long cpuBefore = cpuTicks(gateway.pid());
                for (int i = 0; i < nanos.length; i++) {
                    long t = System.nanoTime();
                    mcp.discover(queries.get((i * 7) % queries.size()) + " m" + i);
                    nanos[i] = System.nanoTime() - t;
                }
                double cpuMicros = (cpuTicks(gateway.pid()) - cpuBefore) * 10_000.0 / nanos.length;
                Arrays.sort(nanos);
                System.out.printf(Locale.ROOT, "%s search, JVM options '%s': %d tools, %d upstreams: ready %.1f s after launch, every vector %.1f s after "
                                + "launch; discover_tools(query) over MCP, one session: median %.2f ms, p99 %.2f ms, gateway CPU "
                                + "%.0f µs per call; gateway RSS %d MB%n", mode, jvmOptions, search[0].path("tools").asInt(), copies * 50,
                        readySeconds, vectorsSeconds, nanos[nanos.length / 2] / 1e6, nanos[nanos.length * 99 / 100] / 1e6,
                        cpuMicros, rssMegabytes(gateway.pid()));
            }
        }
    }

    /** utime + stime of a process, in clock ticks (1/100 s). */
    static long cpuTicks(long pid) throws Exception {
        String[] f = Files.readString(Path.of("/proc/" + pid + "/stat")).replaceFirst("^.*\\) ", "").split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    static long rssMegabytes(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        return -1;
    }
}
