package io.toolgate.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.toolgate.error.ConfigException;
import io.toolgate.registry.AccessPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Reads the {@link AccessPolicy}: the file named by {@code GATEWAY_ACCESS_POLICY} (YAML or JSON: {@code allow} and
 * {@code deny}, each mapping domains to glob lists) when set, else the upstreams' inline {@code allowed_tools} /
 * {@code denied_tools} lists.
 */
final class AccessPolicyParser {

    private static final String KEY = "gateway.access-policy";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Logger LOG = LoggerFactory.getLogger(AccessPolicyParser.class);

    private AccessPolicyParser() {
    }

    static AccessPolicy parse(ConfigReader r, Map<String, List<String>> inlineAllow, Map<String, List<String>> inlineDeny) {
        String path = r.raw(KEY);
        if (path == null) {
            return AccessPolicy.of(inlineAllow, inlineDeny, false);
        }
        AccessPolicy policy = file(path);
        if (!inlineAllow.isEmpty() || !inlineDeny.isEmpty()) {
            LOG.warn("GATEWAY_ACCESS_POLICY is set: the allowed_tools/denied_tools lists of the upstreams are ignored");
        }
        return policy;
    }

    /** A JSON list of strings, or the problem. */
    static List<String> globs(JsonNode node, Supplier<String> problem) {
        if (!node.isArray()) {
            throw new ConfigException(problem.get());
        }
        List<String> out = new ArrayList<>();
        for (JsonNode n : node) {
            if (!n.isTextual()) {
                throw new ConfigException(problem.get());
            }
            out.add(n.textValue());
        }
        return List.copyOf(out);
    }

    private static AccessPolicy file(String path) {
        String env = ConfigReader.envName(KEY);
        JsonNode root;
        try {
            root = YAML.readTree(Path.of(path).toFile());
        } catch (IOException e) {
            throw new ConfigException("Invalid " + env + ": cannot read " + path + " as YAML or JSON ("
                    + e.getClass().getSimpleName() + ")");
        }
        if (root == null || !root.isObject()) {
            throw new ConfigException("Invalid " + env + ": " + path + " must hold an object with 'allow' and/or 'deny'");
        }
        Map<String, Map<String, List<String>>> rules = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String field = e.getKey();
            if (!field.equals("allow") && !field.equals("deny")) {
                throw new ConfigException("Invalid " + env + ": unsupported key '" + field + "' (supported: allow, deny)");
            }
            Supplier<String> problem = () -> "Invalid " + env + ": '" + field + "' must map domains to lists of strings";
            if (!e.getValue().isObject()) {
                throw new ConfigException(problem.get());
            }
            Map<String, List<String>> byDomain = new LinkedHashMap<>();
            e.getValue().fields().forEachRemaining(d -> byDomain.put(d.getKey(), globs(d.getValue(), problem)));
            rules.put(field, byDomain);
        }
        return AccessPolicy.of(rules.getOrDefault("allow", Map.of()), rules.getOrDefault("deny", Map.of()), true);
    }
}
