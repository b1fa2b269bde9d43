package io.toolgate.search;

import io.toolgate.registry.RegistrySnapshot;
import io.toolgate.registry.ToolEntry;
import io.toolgate.registry.ToolRegistry;

import java.util.List;
import java.util.function.Predicate;

/**
 * {@code discover_tools(query)}: ranks the current registry snapshot's tools for a query, lexically, or fused with the
 * semantic ranking once {@link ToolVectors} has vectors. The index of a snapshot is built once, by the first reader
 * or in the background after a swap; reads never wait on the network.
 */
public final class ToolSearch {

    private final ToolRegistry registry;
    private final ToolVectors vectors;
    private final Ranking.Params params;
    private volatile SearchIndex current;

    /**
     * @param vectors the background embedder, or {@code null} for lexical search only
     */
    public ToolSearch(ToolRegistry registry, ToolVectors vectors, Ranking.Params params) {
        this.registry = registry;
        this.vectors = vectors;
        this.params = params;
        if (vectors != null) {
            registry.onSwap(swap -> vectors.schedule(index()));
            vectors.schedule(index());
        }
    }

    /** The index of the current snapshot. */
    public SearchIndex index() {
        RegistrySnapshot snapshot = registry.snapshot();
        SearchIndex i = current;
        if (i != null && i.snapshot() == snapshot) {
            return i;
        }
        synchronized (this) {
            snapshot = registry.snapshot();
            if (current == null || current.snapshot() != snapshot) {
                current = new SearchIndex(snapshot);
            }
            return current;
        }
    }

    /** The best {@code limit} visible tools for the query, and how many visible tools matched. */
    public Ranking.Result search(String query, int limit, Predicate<ToolEntry> visible) {
        return Ranking.rank(signals(query), visible, limit, params);
    }

    /** Every tool's lexical and semantic evidence for the query. */
    public Ranking.Signals signals(String query) {
        SearchIndex index = index();
        List<String> terms = Terms.of(query);
        float[] lexical = index.lexical().score(terms);
        SemanticIndex semantic = index.semantic();
        float[] similarity = null;
        if (semantic != null && semantic.known() > 0) {
            float[] q = vectors.embedQuery(index.corrected(query));
            similarity = q == null ? null : semantic.score(q);
        }
        return new Ranking.Signals(index.tools(), lexical, similarity, index.namedDomains(terms));
    }

    /** For operators: the mode, the number of tools and of tools with a vector. */
    public Status status() {
        SearchIndex i = index();
        SemanticIndex s = i.semantic();
        String mode = vectors == null ? "lexical" : "hybrid";
        return new Status(mode, i.tools().size(), s == null ? 0 : s.known(), vectors == null ? null : vectors.failure());
    }

    /**
     * @param vectors tools whose vector is known (they rank semantically too)
     * @param failure why the model is unavailable, or {@code null}
     */
    public record Status(String mode, int tools, int vectors, String failure) {
    }
}
