package io.toolgate.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns names and prose into search terms: words are runs of letters or digits, split at {@code _ - .}, spaces and
 * camelCase boundaries, lower-cased, stripped of common English words and reduced to a stem, so that {@code create},
 * {@code creates}, {@code created} and {@code creating} are one term.
 */
public final class Terms {

    /** Words too common to say anything about a tool. */
    static final Set<String> STOP_WORDS = Set.of("a", "an", "the", "of", "to", "for", "and", "or", "in", "on", "at",
            "with", "by", "from", "into", "onto", "that", "this", "these", "those", "it", "its", "is", "are", "was", "be",
            "been", "being", "do", "does", "i", "me", "my", "we", "our", "us", "you", "your", "can", "could", "would",
            "should", "will", "please", "want", "need", "some", "any", "all", "via", "using", "use", "as", "if", "so",
            "then", "than", "there", "here", "what", "which", "who", "whom", "how", "when", "where", "why", "tool", "let",
            "just", "also", "about", "up", "out", "but", "not", "no", "yes", "have", "has", "had", "one", "get", "give",
            "show", "find", "tell", "see", "make");

    private Terms() {
    }

    /** The search terms of a text, in order, stop words removed. */
    public static List<String> of(String text) {
        List<String> out = new ArrayList<>();
        for (String w : words(text)) {
            if (!STOP_WORDS.contains(w)) {
                out.add(stem(w));
            }
        }
        return out;
    }

    /** The lower-case words of a text, unstemmed, stop words kept. */
    public static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        StringBuilder word = new StringBuilder();
        char prev = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                boolean camel = Character.isUpperCase(c) && Character.isLowerCase(prev);
                boolean acronymEnd = Character.isLowerCase(c) && Character.isUpperCase(prev) && word.length() > 1
                        && i > 1 && Character.isUpperCase(text.charAt(i - 2));
                if (camel) {
                    flush(out, word);
                } else if (acronymEnd) {
                    // "HTMLParser": the last capital starts the next word
                    char last = word.charAt(word.length() - 1);
                    word.setLength(word.length() - 1);
                    flush(out, word);
                    word.append(last);
                }
                word.append(c);
            } else {
                flush(out, word);
            }
            prev = c;
        }
        flush(out, word);
        return out;
    }

    private static void flush(List<String> out, StringBuilder word) {
        if (word.length() > 0) {
            out.add(word.toString().toLowerCase(Locale.ROOT));
            word.setLength(0);
        }
    }

    /**
     * A light English stemmer: plurals ({@code queries → query}, {@code boxes → box}), then {@code -ing} and {@code -ed}
     * with a doubled final consonant undone ({@code stopped → stop}), then a final {@code e}, so {@code create},
     * {@code created} and {@code creating} all become {@code creat}. Words of four letters or fewer stay as they are.
     */
    public static String stem(String w) {
        String s = plural(w);
        int n = s.length();
        if (n > 5 && s.endsWith("ing")) {
            s = undouble(s.substring(0, n - 3));
        } else if (n > 4 && s.endsWith("ed") && !s.endsWith("eed")) {
            s = undouble(s.substring(0, n - 2));
        }
        if (s.length() > 4 && s.endsWith("e")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }

    private static String plural(String w) {
        int n = w.length();
        if (n > 4 && w.endsWith("ies")) {
            return w.substring(0, n - 3) + "y";
        }
        if (n > 4 && (w.endsWith("sses") || w.endsWith("xes") || w.endsWith("ches") || w.endsWith("shes"))) {
            return w.substring(0, n - 2);
        }
        if (n > 3 && w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is")) {
            return w.substring(0, n - 1);
        }
        return w;
    }

    private static String undouble(String s) {
        int n = s.length();
        if (n > 3 && s.charAt(n - 1) == s.charAt(n - 2) && "bdfgmnprt".indexOf(s.charAt(n - 1)) >= 0) {
            return s.substring(0, n - 1);
        }
        return s;
    }

    /**
     * The Damerau–Levenshtein distance of two words (insertions, deletions, substitutions, adjacent transpositions),
     * or {@code max + 1} as soon as it is known to exceed {@code max}. Only the cells within {@code max} of the
     * diagonal can stay within {@code max}, so each row computes those alone: the work grows with the words' length
     * times {@code max}, not with the product of their lengths.
     */
    public static int distance(CharSequence a, CharSequence b, int max) {
        int la = a.length();
        int lb = b.length();
        int over = max + 1;
        if (Math.abs(la - lb) > max) {
            return over;
        }
        int[] prev2 = new int[lb + 1];
        int[] prev = new int[lb + 1];
        int[] cur = new int[lb + 1];
        for (int j = 0; j <= lb; j++) {
            prev[j] = Math.min(j, over);
        }
        for (int i = 1; i <= la; i++) {
            int from = Math.max(1, i - max);
            int to = Math.min(lb, i + max);
            cur[0] = Math.min(i, over);
            cur[from - 1] = from == 1 ? cur[0] : over;
            int rowMin = cur[from - 1];
            for (int j = from; j <= to; j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int d = Math.min(Math.min(prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d = Math.min(d, prev2[j - 2] + 1);
                }
                cur[j] = Math.min(d, over);
                rowMin = Math.min(rowMin, cur[j]);
            }
            if (to < lb) {
                cur[to + 1] = over;
            }
            if (rowMin > max) {
                return over;
            }
            int[] t = prev2;
            prev2 = prev;
            prev = cur;
            cur = t;
        }
        return prev[lb];
    }
}
