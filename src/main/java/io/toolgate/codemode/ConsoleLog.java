package io.toolgate.codemode;

import java.util.ArrayList;
import java.util.List;

/** The console lines of one run, bounded in count and size; what does not fit is counted and reported at the end. */
final class ConsoleLog {

    static final int MAX_LINES = 200;
    static final int MAX_CHARS = 64 * 1024;

    private final List<String> lines = new ArrayList<>();
    private int chars;
    private int dropped;

    void add(String level, String text) {
        String line = "log".equals(level) || "info".equals(level) ? text : "[" + level + "] " + text;
        if (lines.size() >= MAX_LINES || chars + line.length() > MAX_CHARS) {
            dropped++;
            return;
        }
        lines.add(line);
        chars += line.length();
    }

    List<String> lines() {
        if (dropped == 0) {
            return List.copyOf(lines);
        }
        List<String> out = new ArrayList<>(lines);
        out.add("… " + dropped + " more console lines dropped");
        return out;
    }
}
