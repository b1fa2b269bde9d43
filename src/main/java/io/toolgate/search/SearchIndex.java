package io.toolgate.search;

import io.toolgate.registry.DomainState;
import io.toolgate.registry.RegistrySnapshot;
import io.toolgate.registry.ToolEntry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What search knows of one registry snapshot: the tools in name order, their texts, the lexical index, and the words
 * that name a domain. The semantic index is attached later, as the tools' vectors become known.
 */
public final class SearchIndex {

    private final RegistrySnapshot snapshot;
    private final List<ToolEntry> tools;
    private final List<ToolText> texts;
    private final LexicalIndex lexical;
    /** Distinctive words of domain names ({@code gitlab} of {@code gitlab-zereight}) → the tools of those domains. */
    private final Map<String, List<Integer>> domainWords;
    /** Every word of the tools' texts as written (lower-case, not stemmed), with how many tools use it. */
    private final Map<String, Integer> words;
    private final Map<String, Integer> positions = new HashMap<>();
    private volatile SemanticIndex semantic;

    public SearchIndex(RegistrySnapshot snapshot) {
        this.snapshot = snapshot;
        this.tools = List.copyOf(snapshot.tools().values());
        this.texts = new ArrayList<>(tools.size());
        for (ToolEntry t : tools) {
            positions.put(t.name(), positions.size());
            DomainState d = snapshot.domain(t.domain());
            texts.add(ToolText.of(t, d == null ? null : d.description()));
        }
        this.lexical = new LexicalIndex(texts);
        this.domainWords = domainWords(tools);
        this.words = new HashMap<>();
        for (ToolText t : texts) {
            new HashSet<>(Terms.words(t.name() + " " + t.title() + " " + t.description() + " " + t.parameterNames()))
                    .forEach(w -> words.merge(w, 1, Integer::sum));
        }
    }

    /**
     * The query with each word the tools never use replaced by the most common word one typing error away (two for
     * words of eight letters or more), as the embedding model sees it: {@code creat a brnch} → {@code create a branch}.
     */
    public String corrected(String query) {
        StringBuilder out = new StringBuilder();
        for (String w : Terms.words(query)) {
            out.append(out.length() == 0 ? "" : " ").append(correct(w));
        }
        return out.toString();
    }

    private String correct(String w) {
        if (w.length() < 4 || words.containsKey(w) || w.chars().anyMatch(Character::isDigit)) {
            return w;
        }
        int max = w.length() >= 8 ? 2 : 1;
        String best = w;
        int bestDistance = max + 1;
        int bestCount = 0;
        for (Map.Entry<String, Integer> e : words.entrySet()) {
            String c = e.getKey();
            if (Math.abs(c.length() - w.length()) > max) {
                continue;
            }
            int d = Terms.distance(w, c, max);
            if (d <= max && (d < bestDistance || (d == bestDistance && e.getValue() > bestCount))) {
                best = c;
                bestDistance = d;
                bestCount = e.getValue();
            }
        }
        return bestDistance <= max ? best : w;
    }

    /**
     * A word of a domain's name is evidence for that domain when tools of other domains rarely use it: {@code github}
     * is, {@code search} of {@code brave-search} is not.
     */
    private static Map<String, List<Integer>> domainWords(List<ToolEntry> tools) {
        Map<String, List<Integer>> byWord = new HashMap<>();
        Map<String, Set<String>> domainsOf = new HashMap<>();
        for (int i = 0; i < tools.size(); i++) {
            for (String w : new HashSet<>(Terms.of(tools.get(i).domain()))) {
                if (w.length() >= 3 && !w.chars().allMatch(Character::isDigit)) {
                    byWord.computeIfAbsent(w, k -> new ArrayList<>()).add(i);
                    domainsOf.computeIfAbsent(w, k -> new HashSet<>()).add(tools.get(i).domain());
                }
            }
        }
        Map<String, Integer> usedElsewhere = new HashMap<>();
        for (ToolEntry t : tools) {
            Set<String> words = new HashSet<>(Terms.of(t.name() + " " + t.description()));
            for (String w : words) {
                Set<String> domains = domainsOf.get(w);
                if (domains != null && !domains.contains(t.domain())) {
                    usedElsewhere.merge(w, 1, Integer::sum);
                }
            }
        }
        int allowed = Math.max(3, tools.size() / 100);
        byWord.keySet().removeIf(w -> usedElsewhere.getOrDefault(w, 0) > allowed);
        return byWord;
    }

    /** The tool's position in {@link #tools()}, or -1. */
    public int position(String toolName) {
        return positions.getOrDefault(toolName, -1);
    }

    public RegistrySnapshot snapshot() {
        return snapshot;
    }

    public List<ToolEntry> tools() {
        return tools;
    }

    public List<ToolText> texts() {
        return texts;
    }

    public LexicalIndex lexical() {
        return lexical;
    }

    /** The vectors known so far, or {@code null} before the first arrived. */
    public SemanticIndex semantic() {
        return semantic;
    }

    void attach(SemanticIndex vectors) {
        this.semantic = vectors;
    }

    /** Marks the tools of every domain the query's words name. */
    public boolean[] namedDomains(List<String> queryTerms) {
        boolean[] out = new boolean[tools.size()];
        for (String q : queryTerms) {
            List<Integer> ids = domainWords.get(q);
            if (ids != null) {
                ids.forEach(i -> out[i] = true);
            }
        }
        return out;
    }
}
