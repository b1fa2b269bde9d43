package io.toolgate.registry;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.text.Normalizer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cleans LLM-visible text that came from an upstream or a registrant: NFC, control and invisible characters removed,
 * prompt-injection markers replaced by a space, length capped at 2048 characters.
 */
public final class DescriptionSanitizer {

    public static final int MAX_LENGTH = 2048;
    private static final String TRUNCATED = " [truncated]";
    private static final Logger LOG = LoggerFactory.getLogger(DescriptionSanitizer.class);

    private static final Pattern INVISIBLE = Pattern.compile(
            "[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F-\\x9F\\u200B\\u200C\\u200D\\u2060\\uFEFF\\u2028\\u2029\\u202A-\\u202E\\u2066-\\u2069]");

    private static final Pattern INJECTION = Pattern.compile(String.join("|",
            "<\\s*(?:system|assistant|user)(?:\\s[^>]*)?>",
            "<\\s*/\\s*(?:system|assistant|user)\\s*>",
            "\\[/?INST\\]",
            "<\\|im_(?:start|end)\\|>",
            "<</?SYS>>",
            "<\\s*(?:tool_use|tool_result)(?:\\s[^>]*)?>",
            "^\\s*(?:system|assistant)\\s*:",
            "ignore\\s+(?:all\\s+)?previous\\s+instructions?",
            "disregard\\s+(?:all\\s+)?(?:prior|previous)\\s+(?:context|instructions?)",
            "you\\s+are\\s+now",
            "act\\s+as\\s+an?\\s+"),
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL | Pattern.MULTILINE);

    private DescriptionSanitizer() {
    }

    /** True when the text holds a prompt-injection marker of the denylist. */
    public static boolean hasInjectionMarker(CharSequence text) {
        return INJECTION.matcher(text).find();
    }

    /** The text with every prompt-injection marker replaced by {@code replacement}. */
    public static String replaceInjectionMarkers(String text, String replacement) {
        return INJECTION.matcher(text).replaceAll(Matcher.quoteReplacement(replacement));
    }

    public static String sanitize(String text) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        String s = Normalizer.normalize(text, Normalizer.Form.NFC);
        s = INVISIBLE.matcher(s).replaceAll("");
        Matcher m = INJECTION.matcher(s);
        StringBuilder out = new StringBuilder(s.length());
        int count = 0;
        int firstOffset = -1;
        int firstLength = 0;
        while (m.find()) {
            if (count++ == 0) {
                firstOffset = m.start();
                firstLength = m.end() - m.start();
            }
            m.appendReplacement(out, " ");
        }
        m.appendTail(out);
        if (count > 0) {
            LOG.warn("Description scrubbed: first_offset={} first_length={} match_count={}", firstOffset, firstLength, count);
        }
        s = out.toString();
        if (s.length() > MAX_LENGTH) {
            s = s.substring(0, MAX_LENGTH - TRUNCATED.length()) + TRUNCATED;
        }
        return s;
    }
}
