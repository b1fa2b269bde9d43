package io.toolgate.search;

import io.toolgate.registry.ToolEntry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Ranks tools for {@code discover_tools(query=…)} (DECISIONS D11). A query word matches a tool's name, parameter names
 * or description exactly, as a prefix, after plural reduction, or with one typo; a match in the name weighs most, then
 * parameter names, then the description. Tools matching every word come first and alone; only when no tool matches
 * every word are tools matching some of them returned, most words first. Common English filler words are ignored.
 * Built once per registry snapshot.
 */
public final class SearchIndex {

    private static final double NAME = 10;
    private static final double PARAM = 4;
    private static final double DESCRIPTION = 2;
    private static final double EXACT = 1.0;
    private static final double PREFIX = 0.7;
    private static final double TYPO = 0.6;

    private static final Set<String> FILLER = Set.of("a", "an", "the", "of", "to", "for", "and", "or", "in", "on",
            "with", "by", "from", "that", "this", "is", "are", "be", "i", "me", "my", "can", "want", "need", "tool", "some");

    private final List<ToolEntry> tools;
    private final String[] lowerNames;
    /** The vocabulary; {@code toolsOf[i]} and {@code weightsOf[i]} are the postings of {@code terms[i]}. */
    private final String[] terms;
    private final int[][] toolsOf;
    private final double[][] weightsOf;

    public SearchIndex(List<ToolEntry> tools) {
        this.tools = List.copyOf(tools);
        this.lowerNames = new String[tools.size()];
        Map<String, Map<Integer, Double>> postings = new HashMap<>();
        for (int i = 0; i < tools.size(); i++) {
            ToolEntry t = tools.get(i);
            lowerNames[i] = t.name().toLowerCase(Locale.ROOT);
            index(postings, i, Terms.of(t.name()), NAME);
            index(postings, i, Terms.of(t.originalName()), NAME);
            for (Iterator<String> it = t.schema().path("properties").fieldNames(); it.hasNext(); ) {
                index(postings, i, Terms.of(it.next()), PARAM);
            }
            index(postings, i, Terms.of(t.description()), DESCRIPTION);
        }
        this.terms = postings.keySet().toArray(new String[0]);
        this.toolsOf = new int[terms.length][];
        this.weightsOf = new double[terms.length][];
        for (int k = 0; k < terms.length; k++) {
            Map<Integer, Double> p = postings.get(terms[k]);
            toolsOf[k] = new int[p.size()];
            weightsOf[k] = new double[p.size()];
            int j = 0;
            for (Map.Entry<Integer, Double> e : p.entrySet()) {
                toolsOf[k][j] = e.getKey();
                weightsOf[k][j++] = e.getValue();
            }
        }
    }

    private static void index(Map<String, Map<Integer, Double>> postings, int tool, List<String> words, double weight) {
        for (String term : words) {
            postings.computeIfAbsent(term, k -> new HashMap<>()).merge(tool, weight, Math::max);
        }
    }

    /** The visible tools matching every word of {@code query}, best first, at most {@code limit}. */
    public List<ToolEntry> search(String query, int limit, Predicate<ToolEntry> visible) {
        List<String> words = Terms.of(query);
        List<String> meaningful = words.stream().filter(w -> !FILLER.contains(w)).toList();
        if (!meaningful.isEmpty()) {
            words = meaningful;
        }
        if (words.isEmpty()) {
            return List.of();
        }
        double[] total = new double[tools.size()];
        int[] matched = new int[tools.size()];
        for (String word : words) {
            double[] best = new double[tools.size()];
            for (int k = 0; k < terms.length; k++) {
                double quality = quality(word, terms[k]);
                if (quality == 0) {
                    continue;
                }
                int[] ids = toolsOf[k];
                double[] weights = weightsOf[k];
                for (int j = 0; j < ids.length; j++) {
                    best[ids[j]] = Math.max(best[ids[j]], quality * weights[j]);
                }
            }
            for (int i = 0; i < best.length; i++) {
                if (best[i] > 0) {
                    matched[i]++;
                    total[i] += best[i];
                }
            }
        }
        int required = words.size();
        boolean anyComplete = false;
        for (int i = 0; i < tools.size() && !anyComplete; i++) {
            anyComplete = matched[i] == required && visible.test(tools.get(i));
        }
        int minimum = anyComplete ? required : 1;
        String phrase = String.join("_", words);
        List<Integer> hits = new ArrayList<>();
        for (int i = 0; i < tools.size(); i++) {
            if (matched[i] >= minimum && visible.test(tools.get(i))) {
                if (lowerNames[i].contains(phrase)) {
                    total[i] += NAME / 2;
                }
                hits.add(i);
            }
        }
        hits.sort((a, b) -> {
            int byWords = Integer.compare(matched[b], matched[a]);
            if (byWords != 0) {
                return byWords;
            }
            int byScore = Double.compare(total[b], total[a]);
            return byScore != 0 ? byScore : tools.get(a).name().compareTo(tools.get(b).name());
        });
        List<ToolEntry> out = new ArrayList<>(Math.min(limit, hits.size()));
        for (int k = 0; k < hits.size() && k < limit; k++) {
            out.add(tools.get(hits.get(k)));
        }
        return out;
    }

    private static double quality(String word, String term) {
        if (term.equals(word)) {
            return EXACT;
        }
        if (word.length() >= 2 && term.startsWith(word)) {
            return PREFIX;
        }
        if (word.length() >= 4 && term.length() >= 4 && Terms.withinOneEdit(word, term)) {
            return TYPO;
        }
        return 0;
    }
}
