package io.toolgate.search;

import io.toolgate.registry.RegistrySnapshot;
import io.toolgate.registry.ToolEntry;
import io.toolgate.registry.ToolRegistry;

import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * {@code discover_tools(query)}: ranks the current registry snapshot's tools for a query, lexically, or fused with the
 * semantic ranking once {@link ToolVectors} has vectors. The index of a snapshot is built once, by the first reader
 * or in the background after a swap; reads never wait on the network.
 */
public final class ToolSearch {

    private static final Pattern URL = Pattern.compile("\\b(?:https?|ftp|file)://\\S+|\\bwww\\.\\S+");
    private final ToolRegistry registry;
    private final ToolVectors vectors;
    private final SearchFeedback feedback;
    private final Ranking.Params params;
    private volatile SearchIndex current;

    /**
     * @param vectors  the background embedder, or {@code null} for lexical search only
     * @param feedback what use taught, or {@code null} not to learn
     */
    public ToolSearch(ToolRegistry registry, ToolVectors vectors, SearchFeedback feedback, Ranking.Params params) {
        this.registry = registry;
        this.vectors = vectors;
        this.feedback = feedback;
        this.params = params;
        if (vectors != null) {
            registry.onSwap(swap -> vectors.schedule(this::index));
            vectors.schedule(this::index);
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

    /**
     * The best {@code limit} visible tools for the query, and how many visible tools matched. With a session, the
     * tools listed are remembered: executing one of them next teaches search what the query meant.
     */
    public Ranking.Result search(String query, int limit, Predicate<ToolEntry> visible, String session) {
        SearchIndex index = index();
        float[] vector = queryVector(index, query);
        Ranking.Result result = Ranking.rank(signals(index, query, vector), visible, limit, params);
        if (feedback != null) {
            feedback.searched(session, query, vector, result.tools().stream().map(ToolEntry::name).toList());
        }
        return result;
    }

    /** A session executes a tool: evidence for its last search when that listed the tool. */
    public void executed(String session, String tool) {
        if (feedback != null) {
            feedback.executed(session, tool, vectors == null ? null : vectors.model());
        }
    }

    /** Every tool's evidence for the query. */
    public Ranking.Signals signals(String query) {
        SearchIndex index = index();
        return signals(index, query, queryVector(index, query));
    }

    private float[] queryVector(SearchIndex index, String query) {
        SemanticIndex semantic = index.semantic();
        return semantic == null || semantic.known() == 0 ? null
                : vectors.embedQuery(index.corrected(withoutUrls(query)));
    }

    /**
     * A URL in a request says "a URL", not which tool: its host and path words would match tools that merely mention
     * {@code https} or {@code example}.
     */
    static String withoutUrls(String query) {
        return URL.matcher(query).replaceAll(" url ");
    }

    /** The query's search terms, without URLs and without bare numbers (ids, counts, coordinates). */
    static List<String> queryTerms(String query) {
        return Terms.of(withoutUrls(query)).stream().filter(t -> !t.chars().allMatch(Character::isDigit)).toList();
    }

    private Ranking.Signals signals(SearchIndex index, String query, float[] vector) {
        List<String> terms = queryTerms(query);
        float[] lexical = index.lexical().score(terms);
        float[] similarity = vector == null ? null : index.semantic().score(vector);
        float[] learned = feedback == null ? new float[index.tools().size()] : feedback.lift(index, query, vector);
        return new Ranking.Signals(index.tools(), lexical, similarity, index.namedDomains(terms), learned);
    }

    /** For operators: the mode, the number of tools and of tools with a vector. */
    public Status status() {
        SearchIndex i = index();
        SemanticIndex s = i.semantic();
        String mode = vectors == null ? "lexical" : "hybrid";
        return new Status(mode, i.tools().size(), s == null ? 0 : s.known(), vectors == null ? null : vectors.failure(),
                feedback == null ? 0 : feedback.size());
    }

    /**
     * @param vectors tools whose vector is known (they rank semantically too)
     * @param failure why the model is unavailable, or {@code null}
     * @param learned (query, tool) pairs learned from use
     */
    public record Status(String mode, int tools, int vectors, String failure, int learned) {
    }
}
