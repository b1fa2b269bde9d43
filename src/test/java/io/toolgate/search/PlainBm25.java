package io.toolgate.search;

import io.toolgate.registry.ToolEntry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The baseline search quality is measured against: textbook BM25 (k1 1.2, b 0.75) over one field, the tool's name and
 * description, lower-cased and split on anything but letters and digits; no stemming, stop words, typos or fields.
 */
final class PlainBm25 {

    private final List<ToolEntry> tools;
    private final List<Map<String, Integer>> tf = new ArrayList<>();
    private final int[] length;
    private final Map<String, Integer> df = new HashMap<>();
    private final double average;

    PlainBm25(List<ToolEntry> tools) {
        this.tools = tools;
        this.length = new int[tools.size()];
        long total = 0;
        for (int i = 0; i < tools.size(); i++) {
            List<String> words = tokens(tools.get(i).name() + " " + tools.get(i).description());
            Map<String, Integer> counts = new HashMap<>();
            words.forEach(w -> counts.merge(w, 1, Integer::sum));
            counts.keySet().forEach(w -> df.merge(w, 1, Integer::sum));
            tf.add(counts);
            length[i] = words.size();
            total += words.size();
        }
        this.average = Math.max(1, (double) total / Math.max(1, tools.size()));
    }

    static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (!w.isEmpty()) {
                out.add(w);
            }
        }
        return out;
    }

    /** The names of the best {@code limit} tools. */
    List<String> search(String query, int limit) {
        double[] score = new double[tools.size()];
        int n = tools.size();
        for (String q : tokens(query)) {
            Integer d = df.get(q);
            if (d == null) {
                continue;
            }
            double idf = Math.log(1 + (n - d + 0.5) / (d + 0.5));
            for (int i = 0; i < n; i++) {
                Integer f = tf.get(i).get(q);
                if (f != null) {
                    score[i] += idf * f * 2.2 / (f + 1.2 * (0.25 + 0.75 * length[i] / average));
                }
            }
        }
        List<Integer> hits = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (score[i] > 0) {
                hits.add(i);
            }
        }
        hits.sort((a, b) -> score[a] != score[b] ? Double.compare(score[b], score[a]) : tools.get(a).name().compareTo(tools.get(b).name()));
        return hits.stream().limit(limit).map(i -> tools.get(i).name()).toList();
    }
}
