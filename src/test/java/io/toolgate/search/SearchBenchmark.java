package io.toolgate.search;

import io.toolgate.testing.CorpusUpstream;
import io.toolgate.testing.TestGateway;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/**
 * Search at scale: the shared corpus served ten times under other domain names (10,170 tools) behind a real gateway
 * with hybrid search. Measures the time until every tool has a vector, then {@code discover_tools(query)} over MCP on
 * one session with the evaluation's requests in turn: 10,000 warm-up calls, then 3,000 measured ones (median and p99,
 * query embedding included), and the resident memory of this JVM (gateway, corpus server and client together).
 */
public final class SearchBenchmark {

    public static void main(String[] args) throws Exception {
        int copies = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        List<String> queries = SearchEvaluation.requests().stream().map(SearchEvaluation.Request::query).toList();
        Path dir = Files.createTempDirectory("toolgate-search-bench");
        try (CorpusUpstream upstream = CorpusUpstream.start(CorpusUpstream.corpusFile(), copies);
             TestGateway gateway = TestGateway.start(Map.of("gateway.upstreams", upstream.upstreamsJson(),
                     "gateway.data-dir", dir.toString(), "gateway.search", "hybrid"))) {
            long started = System.nanoTime();
            ToolSearch search = gateway.bean("toolSearch", ToolSearch.class);
            await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(100))
                    .until(() -> search.status().vectors() == search.status().tools() && search.status().tools() > 0);
            double vectorsSeconds = (System.nanoTime() - started) / 1e9;
            SearchEvaluation.McpCaller mcp = new SearchEvaluation.McpCaller(gateway.mcpUrl());
            for (int i = 0; i < 10_000; i++) {
                mcp.discover(queries.get(i % queries.size()));
            }
            long[] nanos = new long[3_000];
            for (int i = 0; i < nanos.length; i++) {
                long t = System.nanoTime();
                mcp.discover(queries.get((i * 7) % queries.size()) + " " + i);
                nanos[i] = System.nanoTime() - t;
            }
            Arrays.sort(nanos);
            System.out.printf(Locale.ROOT, "%d tools; every vector %.1f s after the registry was ready; discover_tools(query) "
                            + "over MCP: median %.2f ms, p99 %.2f ms; RSS %d MB%n", search.status().tools(), vectorsSeconds,
                    nanos[nanos.length / 2] / 1e6, nanos[nanos.length * 99 / 100] / 1e6, rssMegabytes());
        }
    }

    static long rssMegabytes() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        return -1;
    }
}
