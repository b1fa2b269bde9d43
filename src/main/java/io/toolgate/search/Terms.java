package io.toolgate.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Splits names and prose into lower-case search terms and reduces simple plurals. */
public final class Terms {

    private Terms() {
    }

    /** Words of a text: runs of letters or digits, split at camelCase boundaries, lower-cased and stemmed. */
    public static List<String> of(String text) {
        List<String> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        StringBuilder word = new StringBuilder();
        char prev = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                if (word.length() > 0 && Character.isUpperCase(c) && Character.isLowerCase(prev)) {
                    add(out, word);
                }
                word.append(c);
            } else {
                add(out, word);
            }
            prev = c;
        }
        add(out, word);
        return out;
    }

    private static void add(List<String> out, StringBuilder word) {
        if (word.length() > 0) {
            out.add(stem(word.toString().toLowerCase(Locale.ROOT)));
            word.setLength(0);
        }
    }

    /** Reduces regular English plurals: {@code queries → query}, {@code boxes → box}, {@code contacts → contact}. */
    public static String stem(String w) {
        int n = w.length();
        if (n > 4 && w.endsWith("ies")) {
            return w.substring(0, n - 3) + "y";
        }
        if (n > 4 && (w.endsWith("ses") || w.endsWith("xes") || w.endsWith("ches") || w.endsWith("shes"))) {
            return w.substring(0, n - 2);
        }
        if (n > 3 && w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is")) {
            return w.substring(0, n - 1);
        }
        return w;
    }

    /** True when {@code a} and {@code b} differ by at most one insertion, deletion, substitution or transposition. */
    public static boolean withinOneEdit(String a, String b) {
        int la = a.length();
        int lb = b.length();
        if (Math.abs(la - lb) > 1) {
            return false;
        }
        int i = 0;
        while (i < la && i < lb && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        if (i == la && i == lb) {
            return true;
        }
        if (la == lb) {
            if (a.regionMatches(i + 1, b, i + 1, la - i - 1)) {
                return true;
            }
            return i + 1 < la && a.charAt(i) == b.charAt(i + 1) && a.charAt(i + 1) == b.charAt(i)
                    && a.regionMatches(i + 2, b, i + 2, la - i - 2);
        }
        return la > lb ? a.regionMatches(i + 1, b, i, lb - i) : b.regionMatches(i + 1, a, i, la - i);
    }
}
