package io.toolgate.search;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * "Did you mean" candidates for an unknown tool name: +3 when one name contains the other, +1 per shared
 * {@code _}-separated segment; best three, ties by name. Near names come first: +10 when the names are equal once
 * case and the separators {@code _ - .} are ignored ({@code fs_readfile} → {@code fs_read_file}), +6 when they are
 * one or two typing errors apart then. A name longer than {@value #MAX_NAME_LENGTH} characters gets none: no exposed
 * tool name is that long (at most 193: a 64-character domain, {@code _}, a 128-character name), and comparing it with
 * every tool would cost its length once per tool.
 */
public final class Suggestions {

    static final int MAX_NAME_LENGTH = 256;

    private Suggestions() {
    }

    public static List<String> forName(String query, Collection<String> candidates) {
        if (query.length() > MAX_NAME_LENGTH) {
            return List.of();
        }
        String q = query.toLowerCase(Locale.ROOT);
        String compactQuery = compact(q);
        Set<String> qSegments = new HashSet<>(Arrays.asList(q.split("_")));
        record Scored(String name, int score) {
        }
        List<Scored> scored = new ArrayList<>();
        for (String name : candidates) {
            String n = name.toLowerCase(Locale.ROOT);
            int score = (n.contains(q) || q.contains(n)) ? 3 : 0;
            score += nearness(compactQuery, compact(n));
            for (String segment : new HashSet<>(Arrays.asList(n.split("_")))) {
                if (qSegments.contains(segment)) {
                    score++;
                }
            }
            if (score > 0) {
                scored.add(new Scored(name, score));
            }
        }
        scored.sort((a, b) -> a.score != b.score ? Integer.compare(b.score, a.score) : a.name.compareTo(b.name));
        return scored.stream().limit(3).map(Scored::name).toList();
    }

    /** How near two names are once compacted. */
    private static int nearness(String a, String b) {
        if (a.equals(b)) {
            return 10;
        }
        int allowed = Math.min(a.length(), b.length()) >= 8 ? 2 : Math.min(a.length(), b.length()) >= 4 ? 1 : 0;
        return allowed > 0 && Terms.distance(a, b, allowed) <= allowed ? 6 : 0;
    }

    private static String compact(String name) {
        return name.replace("_", "").replace("-", "").replace(".", "");
    }

    /** The hint that ends a {@code tool_not_found} message. */
    public static String hint(List<String> suggestions) {
        if (suggestions.isEmpty()) {
            return "Use discover_tools to browse available tools.";
        }
        List<String> quoted = suggestions.stream().map(s -> "'" + s + "'").toList();
        return "Did you mean " + String.join(", ", quoted) + "?";
    }
}
