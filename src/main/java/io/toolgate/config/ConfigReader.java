package io.toolgate.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.toolgate.error.ConfigException;
import io.toolgate.json.Json;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The one reader of configuration values: every key lives under {@code gateway.*} and has the environment variable
 * obtained by upper-casing and replacing {@code .} and {@code -} with {@code _} ({@code gateway.refresh-interval} ↔
 * {@code GATEWAY_REFRESH_INTERVAL}). Unset and blank values mean the default; an invalid value raises
 * {@link ConfigException} naming the variable.
 */
public final class ConfigReader {

    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    private final Function<String, String> lookup;

    ConfigReader(Function<String, String> lookup) {
        this.lookup = lookup;
    }

    /**
     * The lookup both entry points use: the environment variable first, then a Java system property, then the given
     * properties (application.properties and whatever Camel Main was given). Values are taken raw: a JSON value such as
     * {@code {"crm":{"url":…}}} must not go through Camel's {@code {{…}}} placeholder parsing.
     */
    public static Function<String, String> lookup(Properties properties) {
        return lookup(System::getenv, System.getProperties(), properties);
    }

    static Function<String, String> lookup(Function<String, String> environment, Properties system, Properties properties) {
        return key -> {
            String env = environment.apply(envName(key));
            return env != null ? env : system.getProperty(key, properties.getProperty(key));
        };
    }

    /** The environment variable a {@code gateway.*} key maps to. */
    public static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** True when the name is an HTTP header name (an RFC 9110 token). */
    static boolean isHeaderName(String name) {
        return HEADER_NAME.matcher(name).matches();
    }

    /** The value as an http(s) URL with a host, or {@code null}. */
    static URI httpUrl(String value) {
        try {
            URI u = URI.create(value);
            return ("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null ? u : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The trimmed value, or {@code null} when unset or blank. */
    String raw(String key) {
        String v = lookup.apply(key);
        return v == null || v.isBlank() ? null : v.trim();
    }

    String string(String key, String def) {
        String v = raw(key);
        return v == null ? def : v;
    }

    int port(String key, int def) {
        String v = raw(key);
        if (v == null) {
            return def;
        }
        try {
            int p = Integer.parseInt(v);
            if (p < 0 || p > 65535) {
                throw new ConfigException("Invalid " + envName(key) + " value: " + v + " (must be between 0 and 65535)");
            }
            return p;
        } catch (NumberFormatException e) {
            throw new ConfigException("Invalid " + envName(key) + " value: " + v + " (must be an integer)");
        }
    }

    int intRange(String key, int def, int min, int max) {
        String v = raw(key);
        if (v == null) {
            return def;
        }
        try {
            int i = Integer.parseInt(v);
            if (i >= min && i <= max) {
                return i;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigException("Invalid " + envName(key) + ": " + v + " (must be an integer between " + min + " and " + max + ")");
    }

    long longMin(String key, long def, long min) {
        String v = raw(key);
        if (v == null) {
            return def;
        }
        try {
            long l = Long.parseLong(v);
            if (l >= min) {
                return l;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigException("Invalid " + envName(key) + ": " + v + " (must be an integer >= " + min + ")");
    }

    /** A positive, finite number of seconds, returned in milliseconds. */
    long seconds(String key, long defMillis) {
        String v = raw(key);
        if (v == null) {
            return defMillis;
        }
        double d;
        try {
            d = v.matches("(?i)[+-]?(nan|inf|infinity)") ? Double.NaN : Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new ConfigException("Invalid " + envName(key) + ": " + v + " (must be a number)");
        }
        if (!(d > 0) || Double.isInfinite(d) || d * 1000 < 1) {
            throw new ConfigException("Invalid " + envName(key) + ": " + v + " (must be a positive, finite number)");
        }
        return Math.round(d * 1000);
    }

    boolean bool(String key, boolean def) {
        String v = raw(key);
        if (v == null) {
            return def;
        }
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw new ConfigException("Invalid " + envName(key) + ": '" + v
                    + "' (expected one of: 0, 1, false, no, off, on, true, yes)");
        };
    }

    /** The value parsed by {@code parse} (which throws {@link IllegalArgumentException} for an unknown value), or the default. */
    <T> T choice(String key, T def, Function<String, T> parse) {
        String v = raw(key);
        if (v == null) {
            return def;
        }
        try {
            return parse.apply(v);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("Invalid " + envName(key) + ": '" + v + "'");
        }
    }

    /** The comma-separated entries, trimmed, without blanks. */
    List<String> list(String key) {
        String v = raw(key);
        List<String> out = new ArrayList<>();
        if (v != null) {
            for (String s : v.split(",")) {
                if (!s.isBlank()) {
                    out.add(s.trim());
                }
            }
        }
        return List.copyOf(out);
    }

    /** The value as a JSON object, or {@code null} when unset. */
    JsonNode object(String key) {
        String v = raw(key);
        if (v == null) {
            return null;
        }
        JsonNode node;
        try {
            node = Json.parse(v);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("Invalid JSON in " + envName(key) + ": " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (!node.isObject()) {
            throw new ConfigException(envName(key) + " must be a JSON object, got " + kind(node));
        }
        return node;
    }

    /** A JSON object of strings, sorted by key; empty when unset. */
    Map<String, String> stringMap(String key) {
        JsonNode node = object(key);
        Map<String, String> out = new TreeMap<>();
        if (node != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isTextual()) {
                    throw new ConfigException("Invalid " + envName(key) + ": value for '" + e.getKey() + "' must be a string");
                }
                out.put(e.getKey(), e.getValue().textValue());
            }
        }
        return Collections.unmodifiableMap(out);
    }

    private static String kind(JsonNode n) {
        if (n.isArray()) {
            return "list";
        }
        if (n.isTextual()) {
            return "str";
        }
        if (n.isNumber()) {
            return "number";
        }
        return n.getNodeType().name().toLowerCase(Locale.ROOT);
    }
}
