package io.toolgate.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.toolgate.json.Json;
import io.toolgate.registry.AccessPolicy;
import io.toolgate.registry.DomainCatalog;
import io.toolgate.registry.DomainState;
import io.toolgate.registry.SchemaNormalizer;
import io.toolgate.registry.ToolEntry;
import io.toolgate.registry.ToolNaming;
import io.toolgate.registry.ToolRegistry;
import io.toolgate.store.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ToolSearchTest {

    static ToolRegistry registry(Map<String, String> descriptions, String... domainsAndTools) {
        Map<String, ArrayNode> byDomain = new java.util.LinkedHashMap<>();
        for (int i = 0; i < domainsAndTools.length; i += 4) {
            ObjectNode tool = byDomain.computeIfAbsent(domainsAndTools[i], k -> Json.array()).addObject()
                    .put("name", domainsAndTools[i + 1]).put("description", domainsAndTools[i + 2]);
            ObjectNode props = tool.putObject("inputSchema").put("type", "object").putObject("properties");
            for (String p : domainsAndTools[i + 3].split(",")) {
                if (!p.isBlank()) {
                    props.putObject(p).put("type", "string");
                }
            }
        }
        List<DomainState> domains = new ArrayList<>();
        byDomain.forEach((domain, tools) -> {
            List<JsonNode> listed = new ArrayList<>();
            tools.forEach(listed::add);
            domains.add(new DomainState(domain, "direct:" + domain, descriptions.get(domain),
                    DomainCatalog.ingest(domain, listed, new SchemaNormalizer(32), AccessPolicy.ALLOW_ALL), null, null));
        });
        return new ToolRegistry(domains, ToolNaming.PREFIXED, null);
    }

    static final ToolRegistry CRM = registry(Map.of("crm", "Customers and deals"),
            "crm", "contacts_search", "Search contacts by name or email.", "query,limit",
            "crm", "contacts_create", "Create a new contact.", "name,email",
            "crm", "deals_list", "List deals by status.", "status",
            "analytics", "metrics_query", "Query a specific metric.", "metric",
            "weather", "get", "Forecast for a city.", "postalCode",
            "git", "stash", "Stash the changes in a dirty working directory away.", "message",
            "logs", "search", "Search the application log lines for errors.", "query");

    static List<String> names(Ranking.Result r) {
        return r.tools().stream().map(ToolEntry::name).toList();
    }

    @Nested
    class Lexical {

        final ToolSearch search = new ToolSearch(CRM, null, null, Ranking.Params.DEFAULT);

        List<String> find(String q) {
            return names(search.search(q, 10, t -> true, null));
        }

        @Test
        void bestMatchFirstAndPartialMatchesKept() {
            assertThat(find("contacts search")).first().isEqualTo("crm_contacts_search");
            assertThat(find("contacts search")).contains("crm_contacts_create", "logs_search");
            assertThat(find("metric")).containsExactly("analytics_metrics_query");
            assertThat(find("qqqq xyzzy")).isEmpty();
            assertThat(find("the")).isEmpty();
        }

        @Test
        void rareWordsOutweighCommonOnes() {
            // "search" is in two tools; "log" in one: the log tool wins although both match one word each
            assertThat(find("search log errors")).first().isEqualTo("logs_search");
        }

        @Test
        void pluralsPrefixesTyposParameterNamesAndDomainDescriptions() {
            assertThat(find("deal")).first().isEqualTo("crm_deals_list");
            assertThat(find("metrics queries")).first().isEqualTo("analytics_metrics_query");
            assertThat(find("contcts")).startsWith("crm_contacts_create", "crm_contacts_search");
            assertThat(find("forec")).containsExactly("weather_get");
            assertThat(find("postal code")).containsExactly("weather_get");
            assertThat(find("customers")).hasSize(3).allMatch(n -> n.startsWith("crm_"));
        }

        @Test
        void visibilityFiltersBeforeRankingAndCounting() {
            Ranking.Result all = search.search("contacts", 1, t -> true, null);
            assertThat(all.tools()).hasSize(1);
            assertThat(all.total()).isEqualTo(2);
            Ranking.Result visible = search.search("contacts", 10, t -> !t.name().endsWith("create"), null);
            assertThat(names(visible)).containsExactly("crm_contacts_search");
            assertThat(visible.total()).isEqualTo(1);
        }

        @Test
        void statusSaysLexical() {
            assertThat(search.status()).isEqualTo(new ToolSearch.Status("lexical", 7, 0, null, 0));
        }
    }

    /**
     * A stand-in model that knows a few concepts, so a paraphrase sharing no word with its tool still finds it.
     * Counts the texts it embedded.
     */
    static final class ConceptEmbedder implements Embedder {

        static final List<List<String>> CONCEPTS = List.of(List.of("stash", "shelve", "aside"),
                List.of("forecast", "rain", "weather"), List.of("contact", "person", "people"), List.of("log", "error", "crash"));
        final AtomicInteger embedded = new AtomicInteger();

        @Override
        public String model() {
            return "concepts@1";
        }

        @Override
        public float[] embed(String text) {
            embedded.incrementAndGet();
            float[] v = new float[CONCEPTS.size() + 1];
            v[CONCEPTS.size()] = 0.1f;
            for (String w : Terms.words(text)) {
                for (int c = 0; c < CONCEPTS.size(); c++) {
                    for (String stem : CONCEPTS.get(c)) {
                        if (w.startsWith(stem)) {
                            v[c] += 1;
                        }
                    }
                }
            }
            return v;
        }
    }

    @Nested
    class Hybrid {

        final ExecutorService worker = Executors.newSingleThreadExecutor();
        final ConceptEmbedder model = new ConceptEmbedder();

        @AfterEach
        void stop() {
            worker.shutdownNow();
        }

        ToolSearch hybrid(ToolRegistry registry, VectorStore store) {
            ToolVectors vectors = new ToolVectors(() -> model, store, worker);
            ToolSearch search = new ToolSearch(registry, vectors, null, Ranking.Params.DEFAULT);
            vectors.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> search.status().vectors() == 7);
            return search;
        }

        @Test
        void aParaphraseFindsItsToolThroughTheModel() {
            ToolSearch search = hybrid(CRM, null);
            assertThat(new ToolSearch(CRM, null, null, Ranking.Params.DEFAULT).search("shelve it for later", 10, t -> true, null).tools()).isEmpty();
            assertThat(names(search.search("shelve it for later", 10, t -> true, null))).first().isEqualTo("git_stash");
            assertThat(names(search.search("will it rain tomorrow", 10, t -> true, null))).first().isEqualTo("weather_get");
            assertThat(search.status()).isEqualTo(new ToolSearch.Status("hybrid", 7, 7, null, 0));
        }

        @Test
        void searchIsLexicalUntilTheModelIsThere() {
            ToolVectors vectors = new ToolVectors(() -> model, null, worker);
            ToolSearch search = new ToolSearch(CRM, vectors, null, Ranking.Params.DEFAULT);
            // the model is not loaded until start(): word matches only, and no vector
            assertThat(names(search.search("contacts search", 10, t -> true, null))).first().isEqualTo("crm_contacts_search");
            assertThat(search.search("shelve it for later", 10, t -> true, null).tools()).isEmpty();
            assertThat(search.status().vectors()).isZero();
        }

        @Test
        void aModelThatCannotLoadLeavesSearchLexicalAndSaysWhy() {
            ToolVectors vectors = new ToolVectors(() -> {
                throw new UnsatisfiedLinkError("no onnxruntime for this platform");
            }, null, worker);
            ToolSearch search = new ToolSearch(CRM, vectors, null, Ranking.Params.DEFAULT);
            vectors.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> search.status().failure() != null);
            assertThat(search.status().failure()).contains("no onnxruntime for this platform");
            assertThat(names(search.search("contacts search", 10, t -> true, null))).first().isEqualTo("crm_contacts_search");
        }

        @Test
        void vectorsComeFromTheDatabaseAfterARestart(@TempDir Path dir) throws Exception {
            Database first = Database.embedded(dir);
            hybrid(CRM, new VectorStore(first));
            assertThat(model.embedded.get()).isEqualTo(7);
            first.close();

            ConceptEmbedder again = new ConceptEmbedder();
            Database second = Database.embedded(dir);
            ToolVectors vectors = new ToolVectors(() -> again, new VectorStore(second), worker);
            ToolSearch search = new ToolSearch(CRM, vectors, null, Ranking.Params.DEFAULT);
            vectors.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> search.status().vectors() == 7);
            assertThat(again.embedded.get()).as("no tool embedded again").isZero();
            assertThat(names(search.search("shelve it for later", 10, t -> true, null))).first().isEqualTo("git_stash");
            second.close();
        }

        @Test
        void aToolServedByTwoDomainsIsEmbeddedOnce() {
            ToolRegistry twice = registry(Map.of(),
                    "a", "stash", "Stash the changes away.", "", "b", "stash", "Stash the changes away.", "",
                    "a", "log", "Read the log.", "", "b", "log", "Read the log.", "",
                    "a", "get", "Forecast.", "", "b", "get", "Forecast.", "", "c", "get", "Forecast.", "");
            hybrid(twice, null);
            assertThat(model.embedded.get()).isEqualTo(3);
        }

        @Test
        void theQueryNamingADomainFavoursItsTools() {
            ToolRegistry trackers = registry(Map.of(),
                    "linear", "create_issue", "Create a new issue.", "title",
                    "jira", "create_issue", "Create a new issue.", "title");
            ToolSearch search = new ToolSearch(trackers, null, null, Ranking.Params.DEFAULT);
            assertThat(names(search.search("create an issue in jira", 10, t -> true, null))).first().isEqualTo("jira_create_issue");
            assertThat(names(search.search("linear: create issue", 10, t -> true, null))).first().isEqualTo("linear_create_issue");
        }
    }
}
