package io.toolgate.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The settings as the README's configuration table documents them (the README is packaged in the jar, so
 * {@code --help} and the check of unknown variables read the one list users read).
 */
public final class SettingsReference {

    /** Where the build puts the README on the classpath. */
    static final String RESOURCE = "/io/toolgate/README.md";
    private static final String SECTION = "## Configuration";
    private static final Pattern CODE = Pattern.compile("`([^`]*)`");
    private static final Pattern LINK = Pattern.compile("\\[([^]]*)]\\([^)]*\\)");

    /**
     * One row of the table.
     *
     * @param names       the variables the row documents (a row may name several, e.g. host and port)
     * @param defaultText the default as written
     * @param meaning     what it does, as plain text
     */
    public record Setting(List<String> names, String defaultText, String meaning) {
    }

    private final List<Setting> settings;

    SettingsReference(List<Setting> settings) {
        this.settings = List.copyOf(settings);
    }

    /** Reads the table from the packaged README. */
    public static SettingsReference load() {
        try (InputStream in = SettingsReference.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("The README is missing from the classpath (" + RESOURCE + ")");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The rows of the first table under the configuration heading of {@code markdown}. */
    static SettingsReference parse(String markdown) {
        List<Setting> rows = new ArrayList<>();
        boolean inSection = false;
        for (String line : markdown.split("\n")) {
            if (line.startsWith("## ")) {
                inSection = line.trim().equals(SECTION);
                continue;
            }
            if (!inSection || !line.startsWith("| `GATEWAY_")) {
                continue;
            }
            String[] cells = line.substring(1, line.length() - (line.endsWith("|") ? 1 : 0)).split(" \\| ", 3);
            if (cells.length == 3) {
                rows.add(new Setting(names(cells[0]), plain(cells[1]), plain(cells[2])));
            }
        }
        return new SettingsReference(rows);
    }

    /** {@code `GATEWAY_A_X` / `_Y`} names GATEWAY_A_X and GATEWAY_A_Y. */
    private static List<String> names(String cell) {
        List<String> names = new ArrayList<>();
        String prefix = "";
        Matcher m = CODE.matcher(cell);
        while (m.find()) {
            String name = m.group(1);
            if (name.startsWith("_")) {
                name = prefix + name;
            } else {
                prefix = name.substring(0, name.lastIndexOf('_'));
            }
            names.add(name);
        }
        return names;
    }

    private static String plain(String markdown) {
        return CODE.matcher(LINK.matcher(markdown.trim()).replaceAll("$1")).replaceAll("$1");
    }

    public List<Setting> settings() {
        return settings;
    }

    /** Every documented variable name. */
    public Set<String> names() {
        Set<String> out = new LinkedHashSet<>();
        settings.forEach(s -> out.addAll(s.names()));
        return out;
    }

    /** The text {@code --help} prints. */
    public String help(String version) {
        StringBuilder out = new StringBuilder();
        out.append("toolgate ").append(version).append(": a progressive tool-discovery gateway for MCP\n\n")
                .append("Usage: java -jar toolgate.jar [--help]\n\n")
                .append("Settings are environment variables, or properties under gateway.* (GATEWAY_PORT is gateway.port)\n")
                .append("given as -D options or in application.properties. OpenTelemetry reads the standard OTEL_* variables.\n")
                .append("An invalid value stops the gateway with exit status 1 and one line naming the variable.\n");
        for (Setting s : settings) {
            out.append('\n').append("  ").append(String.join(", ", s.names())).append('\n');
            wrap(out, "default: " + s.defaultText(), "      ", 100);
            wrap(out, s.meaning(), "      ", 100);
        }
        return out.toString();
    }

    private static void wrap(StringBuilder out, String text, String indent, int width) {
        StringBuilder line = new StringBuilder(indent);
        for (String word : text.split(" ")) {
            if (line.length() > indent.length() && line.length() + 1 + word.length() > width) {
                out.append(line).append('\n');
                line = new StringBuilder(indent);
            }
            if (line.length() > indent.length()) {
                line.append(' ');
            }
            line.append(word);
        }
        out.append(line).append('\n');
    }
}
