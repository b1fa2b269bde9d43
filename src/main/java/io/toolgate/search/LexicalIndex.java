package io.toolgate.search;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * BM25F over the fields of {@link ToolText}: each field's term frequency is normalized by the field's length and
 * weighted, the weighted sum is saturated once per term and multiplied by the term's inverse document frequency, so a
 * rare word that names the tool counts far more than a common word deep in a description. A query word also matches
 * longer vocabulary words it begins ({@code repo → repository}) and, when the index does not know it, words one or two
 * typing errors away ({@code tikets → ticket}), each at a discount; every query word adds its best match, so tools
 * matching some of the words still rank. Immutable once built.
 */
public final class LexicalIndex {

    /** A field with its weight and length normalization (BM25's {@code b}). */
    enum Field {
        NAME(3.0f, 0.3f), TITLE(2.0f, 0.3f), DESCRIPTION(1.0f, 0.75f), PARAMETER_NAMES(0.8f, 0.5f),
        PARAMETER_DETAILS(0.3f, 0.75f), DOMAIN(1.5f, 0.3f);

        final float weight;
        final float b;

        Field(float weight, float b) {
            this.weight = weight;
            this.b = b;
        }
    }

    private static final float K1 = 1.2f;
    private static final float PREFIX = 0.7f;
    private static final float ONE_TYPO = 0.65f;
    private static final float TWO_TYPOS = 0.45f;
    private static final float SYNONYM = 0.6f;
    private static final int MAX_EXPANSIONS = 64;
    /**
     * Words for the same action on a tool, which tool names and requests phrase differently ("add a row" for
     * {@code create_record}, "drop the label" for {@code remove_label}); stems, each group listed once.
     */
    private static final List<List<String>> ACTIONS = List.of(
            List.of("creat", "add", "new", "insert", "post", "open", "start"),
            List.of("delet", "remov", "drop", "eras", "clear", "destroy", "discard"),
            List.of("updat", "edit", "chang", "modify", "renam", "set", "patch"),
            List.of("list", "enumerat", "brows"),
            List.of("read", "fetch", "retriev", "view", "look", "load", "open"),
            List.of("search", "query", "lookup", "filter"),
            List.of("send", "post", "messag", "notify"),
            List.of("run", "execut", "launch", "trigger", "start"),
            List.of("stop", "cancel", "abort", "halt", "kill"));
    private static final Map<String, List<String>> SYNONYMS = synonyms();

    private final int size;
    /** The vocabulary, sorted, so the words a prefix begins are one contiguous range. */
    private final String[] terms;
    private final Map<String, Integer> termIds;
    private final float[] idf;
    /** {@code docs[t]} are the tools containing term {@code t}; {@code saturated[t]} their BM25F term weights. */
    private final int[][] docs;
    private final float[][] saturated;

    public LexicalIndex(List<ToolText> tools) {
        this.size = tools.size();
        Field[] fields = Field.values();
        List<List<List<String>>> tokens = new ArrayList<>(size);
        double[] totalLength = new double[fields.length];
        for (ToolText t : tools) {
            List<List<String>> perField = new ArrayList<>(fields.length);
            for (Field f : fields) {
                List<String> words = Terms.of(text(t, f));
                perField.add(words);
                totalLength[f.ordinal()] += words.size();
            }
            tokens.add(perField);
        }
        float[] average = new float[fields.length];
        for (int f = 0; f < fields.length; f++) {
            average[f] = size == 0 ? 1 : (float) Math.max(1, totalLength[f] / size);
        }
        Map<String, Map<Integer, Float>> weighted = new HashMap<>();
        for (int d = 0; d < size; d++) {
            for (Field f : fields) {
                List<String> words = tokens.get(d).get(f.ordinal());
                if (words.isEmpty()) {
                    continue;
                }
                float norm = 1 - f.b + f.b * words.size() / average[f.ordinal()];
                Map<String, Integer> tf = new HashMap<>();
                words.forEach(w -> tf.merge(w, 1, Integer::sum));
                for (Map.Entry<String, Integer> e : tf.entrySet()) {
                    weighted.computeIfAbsent(e.getKey(), k -> new HashMap<>()).merge(d, f.weight * e.getValue() / norm, Float::sum);
                }
            }
        }
        this.terms = weighted.keySet().toArray(new String[0]);
        Arrays.sort(terms);
        this.termIds = new HashMap<>(terms.length * 2);
        this.idf = new float[terms.length];
        this.docs = new int[terms.length][];
        this.saturated = new float[terms.length][];
        for (int t = 0; t < terms.length; t++) {
            termIds.put(terms[t], t);
            Map<Integer, Float> postings = weighted.get(terms[t]);
            int df = postings.size();
            idf[t] = (float) Math.log(1 + (size - df + 0.5) / (df + 0.5));
            docs[t] = new int[df];
            saturated[t] = new float[df];
            int j = 0;
            for (Map.Entry<Integer, Float> e : postings.entrySet()) {
                docs[t][j] = e.getKey();
                saturated[t][j++] = e.getValue() / (K1 + e.getValue());
            }
        }
    }

    private static String text(ToolText t, Field f) {
        return switch (f) {
            case NAME -> t.name();
            case TITLE -> t.title();
            case DESCRIPTION -> t.description();
            case PARAMETER_NAMES -> t.parameterNames();
            case PARAMETER_DETAILS -> t.parameterDetails();
            case DOMAIN -> t.domain();
        };
    }

    /** Each tool's score for the query's terms ({@link Terms#of}); 0 where no word matched. */
    public float[] score(List<String> queryTerms) {
        float[] total = new float[size];
        float[] best = new float[size];
        for (String q : new java.util.LinkedHashSet<>(queryTerms)) {
            Arrays.fill(best, 0);
            for (Expansion e : expand(q)) {
                float w = e.weight * idf[e.term];
                int[] ids = docs[e.term];
                float[] sat = saturated[e.term];
                for (int j = 0; j < ids.length; j++) {
                    best[ids[j]] = Math.max(best[ids[j]], w * sat[j]);
                }
            }
            for (int d = 0; d < size; d++) {
                total[d] += best[d];
            }
        }
        return total;
    }

    private record Expansion(int term, float weight) {
    }

    private static Map<String, List<String>> synonyms() {
        Map<String, List<String>> out = new HashMap<>();
        for (List<String> group : ACTIONS) {
            for (String word : group) {
                List<String> others = out.computeIfAbsent(word, k -> new ArrayList<>());
                group.stream().filter(w -> !w.equals(word) && !others.contains(w)).forEach(others::add);
            }
        }
        return out;
    }

    /** The vocabulary terms a query term stands for, with their discounts. */
    private List<Expansion> expand(String q) {
        List<Expansion> out = new ArrayList<>();
        Integer exact = termIds.get(q);
        if (exact != null) {
            out.add(new Expansion(exact, 1));
        }
        for (String synonym : SYNONYMS.getOrDefault(q, List.of())) {
            Integer id = termIds.get(synonym);
            if (id != null) {
                out.add(new Expansion(id, SYNONYM));
            }
        }
        if (q.length() >= 3) {
            int from = Arrays.binarySearch(terms, q);
            for (int t = from >= 0 ? from + 1 : -from - 1; t < terms.length && terms[t].startsWith(q)
                    && out.size() < MAX_EXPANSIONS; t++) {
                out.add(new Expansion(t, PREFIX));
            }
        }
        if (exact == null && q.length() >= 4 && !q.chars().allMatch(Character::isDigit)) {
            int max = q.length() >= 8 ? 2 : 1;
            for (int t = 0; t < terms.length && out.size() < MAX_EXPANSIONS; t++) {
                String term = terms[t];
                if (term.length() < 4 || Math.abs(term.length() - q.length()) > max) {
                    continue;
                }
                int d = Terms.distance(q, term, max);
                if (d == 1) {
                    out.add(new Expansion(t, ONE_TYPO));
                } else if (d == 2 && max == 2) {
                    out.add(new Expansion(t, TWO_TYPOS));
                }
            }
        }
        return out;
    }
}
