package io.toolgate.e2e;

import io.toolgate.search.SearchEvaluation;
import io.toolgate.search.ToolSearch;
import io.toolgate.testing.CorpusUpstream;
import io.toolgate.testing.TestGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The 1,017 real tools of the shared corpus behind a real gateway with hybrid search: every tool registers, the
 * vectors are computed in the background, and {@code discover_tools} over MCP keeps the quality the README reports,
 * well above a plain BM25 over the same tools (a regression guard; {@code bench/search-eval.sh} prints the figures).
 */
class SearchQualityIT {

    @Test
    void everyCorpusToolRegistersAndHybridSearchBeatsBm25(@TempDir Path dir) throws Exception {
        List<SearchEvaluation.Request> requests = SearchEvaluation.requests();
        try (CorpusUpstream upstream = CorpusUpstream.start(CorpusUpstream.corpusFile());
             TestGateway gateway = TestGateway.start(Map.of("gateway.upstreams", upstream.upstreamsJson(),
                     "gateway.data-dir", dir.toString(), "gateway.search", "hybrid"))) {
            ToolSearch search = gateway.bean("toolSearch", ToolSearch.class);
            assertThat(gateway.registry().snapshot().tools()).hasSize(1017);
            await().atMost(Duration.ofMinutes(3)).until(() -> search.status().vectors() == 1017);

            SearchEvaluation.McpCaller mcp = new SearchEvaluation.McpCaller(gateway.mcpUrl());
            SearchEvaluation.Metrics hybrid = SearchEvaluation.measure(requests, mcp::discover);
            SearchEvaluation.Metrics bm25 = SearchEvaluation.measure(requests,
                    SearchEvaluation.rankers(search, mcp::discover).get("BM25 baseline"));
            assertThat(hybrid.r1()).as("recall@1").isGreaterThanOrEqualTo(0.66).isGreaterThan(bm25.r1() + 0.10);
            assertThat(hybrid.r5()).as("recall@5").isGreaterThanOrEqualTo(0.85).isGreaterThan(bm25.r5() + 0.10);
            
        }
    }
}
