package io.toolgate.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.toolgate.error.ConfigException;
import io.toolgate.upstream.StdioCommand;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads a stdio upstream's {@code command}, {@code args}, {@code env} and {@code cwd}, in the shape desktop MCP
 * clients use. A {@code cwd} (and a command given as a path) may start with {@code ~/} for the user's home.
 */
final class StdioCommandParser {

    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private StdioCommandParser() {
    }

    /** @param env the variable the entry comes from, named in error messages with the domain */
    static StdioCommand parse(JsonNode entry, String env, String domain) {
        String where = env + ": '%s' of '" + domain + "'";
        JsonNode command = entry.get("command");
        if (command == null || !command.isTextual() || command.textValue().isBlank()) {
            throw new ConfigException("Invalid " + where.formatted("command") + " must be a non-empty string");
        }
        List<String> args = new ArrayList<>();
        JsonNode a = entry.get("args");
        if (a != null && !a.isNull()) {
            if (!a.isArray()) {
                throw new ConfigException("Invalid " + where.formatted("args") + " must be a list of strings");
            }
            for (JsonNode arg : a) {
                if (!arg.isTextual()) {
                    throw new ConfigException("Invalid " + where.formatted("args") + " must be a list of strings");
                }
                args.add(arg.textValue());
            }
        }
        return new StdioCommand(home(command.textValue()), List.copyOf(args), env(entry.get("env"), where),
                cwd(entry.get("cwd"), where));
    }

    private static Map<String, String> env(JsonNode env, String where) {
        Map<String, String> out = new LinkedHashMap<>();
        if (env == null || env.isNull()) {
            return out;
        }
        if (!env.isObject()) {
            throw new ConfigException("Invalid " + where.formatted("env") + " must be an object of variable names to strings");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = env.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!ENV_NAME.matcher(e.getKey()).matches() || !e.getValue().isTextual()) {
                throw new ConfigException("Invalid " + where.formatted("env") + ": '" + e.getKey()
                        + "' needs a variable name and a string value");
            }
            out.put(e.getKey(), e.getValue().textValue());
        }
        return out;
    }

    private static Path cwd(JsonNode cwd, String where) {
        if (cwd == null || cwd.isNull()) {
            return null;
        }
        if (!cwd.isTextual() || cwd.textValue().isBlank()) {
            throw new ConfigException("Invalid " + where.formatted("cwd") + " must be a directory path");
        }
        Path dir = Path.of(home(cwd.textValue()));
        if (!Files.isDirectory(dir)) {
            throw new ConfigException("Invalid " + where.formatted("cwd") + ": " + dir + " is not a directory");
        }
        return dir;
    }

    /** {@code ~/x} as a path under the user's home; anything else as it is. */
    static String home(String path) {
        return path.startsWith("~/") ? Path.of(System.getProperty("user.home")).resolve(path.substring(2)).toString()
                : path;
    }
}
