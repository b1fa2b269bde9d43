package io.toolgate.search;

import io.toolgate.registry.ToolEntry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * Fuses the lexical and the semantic ranking of one query and adds domain evidence. Only visible tools take part, so
 * ranks, scores and the number of matches are those of what the caller may see. A tool matches when a query word
 * matched it or its cosine similarity reaches {@link Params#minSimilarity}.
 */
public final class Ranking {

    /** How the two rankings are fused. */
    public enum Method {
        /** Reciprocal rank fusion: {@code Σ weight / (k + rank)}. */
        RRF,
        /** Each score divided by the best of its kind among the candidates, then weighted and added. */
        SCORES
    }

    /**
     * @param method         how to fuse
     * @param k              the rank offset of {@link Method#RRF}
     * @param lexicalWeight  the weight of the lexical ranking
     * @param semanticWeight the weight of the semantic ranking
     * @param domainBonus    added for a tool of a domain the query names, in units of a first rank (RRF) or of a best
     *                       score (SCORES)
     * @param minSimilarity  the cosine similarity from which a tool without a word match still matches
     * @param learnedBonus   added, times the lift, for a tool that a similar earlier query led to (same units as
     *                       {@code domainBonus})
     */
    public record Params(Method method, float k, float lexicalWeight, float semanticWeight, float domainBonus,
                         float minSimilarity, float learnedBonus) {

        public static final Params DEFAULT = new Params(Method.SCORES, 20, 1.0f, 1.0f, 0.3f, 0.30f, 1.0f);
    }

    /** The best {@code limit} matches, and how many tools matched in all. */
    public record Result(List<ToolEntry> tools, int total) {
    }

    /**
     * What search knows of every tool for one query.
     *
     * @param lexical  per-tool lexical scores (0: no word matched)
     * @param semantic per-tool cosine similarities ({@code NaN} where unknown), or {@code null} without semantics
     * @param named    per-tool: its domain is named by the query
     * @param learned  per-tool lift from {@link SearchFeedback} (0: none)
     */
    public record Signals(List<ToolEntry> tools, float[] lexical, float[] semantic, boolean[] named, float[] learned) {
    }

    private Ranking() {
    }

    public static Result rank(Signals signals, Predicate<ToolEntry> visible, int limit, Params p) {
        List<ToolEntry> tools = signals.tools();
        float[] lexical = signals.lexical();
        float[] semantic = signals.semantic();
        float[] learned = signals.learned();
        int[] candidates = new int[tools.size()];
        int count = 0;
        for (int i = 0; i < tools.size(); i++) {
            boolean matched = lexical[i] > 0 || (semantic != null && semantic[i] >= p.minSimilarity()) || learned[i] > 0;
            if (matched && visible.test(tools.get(i))) {
                candidates[count++] = i;
            }
        }
        candidates = Arrays.copyOf(candidates, count);
        float[] fused = new float[tools.size()];
        if (p.method() == Method.RRF) {
            addRanks(candidates, lexical, p.lexicalWeight(), p.k(), fused);
            if (semantic != null) {
                addRanks(candidates, semantic, p.semanticWeight(), p.k(), fused);
            }
        } else {
            addScaled(candidates, lexical, p.lexicalWeight(), 0, fused);
            if (semantic != null) {
                addScaled(candidates, semantic, p.semanticWeight(), p.minSimilarity() / 2, fused);
            }
        }
        float unit = p.method() == Method.RRF ? 1 / (p.k() + 1) : 1;
        for (int i : candidates) {
            if (signals.named()[i]) {
                fused[i] += p.domainBonus() * unit;
            }
            fused[i] += p.learnedBonus() * learned[i] * unit;
        }
        return new Result(best(candidates, fused, tools, limit), count);
    }

    /** The {@code limit} best candidates, best first; ties by name. Keeps a small sorted array instead of sorting all. */
    private static List<ToolEntry> best(int[] candidates, float[] fused, List<ToolEntry> tools, int limit) {
        int[] top = new int[Math.min(limit, candidates.length)];
        int size = 0;
        for (int i : candidates) {
            if (size == top.length && !before(i, top[size - 1], fused, tools)) {
                continue;
            }
            int at = size < top.length ? size++ : size - 1;
            while (at > 0 && before(i, top[at - 1], fused, tools)) {
                top[at] = top[at - 1];
                at--;
            }
            top[at] = i;
        }
        List<ToolEntry> out = new ArrayList<>(size);
        for (int j = 0; j < size; j++) {
            out.add(tools.get(top[j]));
        }
        return out;
    }

    private static boolean before(int a, int b, float[] fused, List<ToolEntry> tools) {
        return fused[a] != fused[b] ? fused[a] > fused[b] : tools.get(a).name().compareTo(tools.get(b).name()) < 0;
    }

    private static void addRanks(int[] candidates, float[] scores, float weight, float k, float[] fused) {
        List<Integer> ranked = new ArrayList<>();
        for (int i : candidates) {
            if (scores[i] > 0 && !Float.isNaN(scores[i])) {
                ranked.add(i);
            }
        }
        ranked.sort(Comparator.comparingDouble(i -> -scores[i]));
        for (int r = 0; r < ranked.size(); r++) {
            fused[ranked.get(r)] += weight / (k + r + 1);
        }
    }

    private static void addScaled(int[] candidates, float[] scores, float weight, float floor, float[] fused) {
        float best = 0;
        for (int i : candidates) {
            if (!Float.isNaN(scores[i])) {
                best = Math.max(best, scores[i]);
            }
        }
        if (best <= floor) {
            return;
        }
        for (int i : candidates) {
            if (!Float.isNaN(scores[i]) && scores[i] > floor) {
                fused[i] += weight * (scores[i] - floor) / (best - floor);
            }
        }
    }
}
