package io.toolgate.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.toolgate.json.Json;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;

/**
 * Prepares an upstream {@code inputSchema} for the registry: resolves local {@code $ref}s against the
 * schema's own {@code $defs}/{@code definitions}, gives a root without {@code type} the type {@code object}, and rejects
 * schemas that are not objects, recursive, too deep or too large.
 */
public final class SchemaNormalizer {

    /** Deep enough for every tool of 50 published MCP servers (mongodb's {@code explain} and {@code export} nest deepest, at 21 to 24 levels). */
    public static final int DEFAULT_MAX_DEPTH = 32;
    private static final int MAX_NODES = 20_000;
    private static final int MAX_PHYSICAL_DEPTH = 100;

    private final int maxDepth;

    public SchemaNormalizer(int maxDepth) {
        this.maxDepth = maxDepth;
    }

    /** Thrown for a schema the registry will not accept; the message is the operator-facing reason. */
    public static final class InvalidSchemaException extends Exception {
        public InvalidSchemaException(String message) {
            super(message);
        }
    }

    public ObjectNode normalize(JsonNode schema) throws InvalidSchemaException {
        if (schema == null || schema.isNull() || schema.isMissingNode()) {
            ObjectNode empty = Json.object();
            empty.put("type", "object");
            return empty;
        }
        if (!schema.isObject()) {
            throw new InvalidSchemaException("inputSchema is not a JSON object");
        }
        ObjectNode root = (ObjectNode) schema;
        JsonNode type = root.get("type");
        if (type != null && !"object".equals(type.asText(null))) {
            throw new InvalidSchemaException("root type is " + type + ", expected \"object\"");
        }
        int[] nodes = {0};
        ObjectNode resolved = (ObjectNode) resolve(root, root, new ArrayDeque<>(), nodes, 0);
        resolved.remove("$defs");
        resolved.remove("definitions");
        if (type == null) {
            ObjectNode withType = Json.object();
            withType.put("type", "object");
            withType.setAll(resolved);
            resolved = withType;
        }
        if (depth(resolved, 0, 0) > maxDepth) {
            throw new InvalidSchemaException("schema nesting deeper than " + maxDepth);
        }
        return resolved;
    }

    private JsonNode resolve(JsonNode node, ObjectNode root, Deque<String> refs, int[] nodes, int physical)
            throws InvalidSchemaException {
        if (++nodes[0] > MAX_NODES) {
            throw new InvalidSchemaException("schema larger than " + MAX_NODES + " nodes once references are resolved");
        }
        if (physical > MAX_PHYSICAL_DEPTH) {
            throw new InvalidSchemaException("schema nesting deeper than " + MAX_PHYSICAL_DEPTH);
        }
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null) {
                String pointer = ref.asText("");
                if (!pointer.startsWith("#")) {
                    throw new InvalidSchemaException("non-local $ref " + pointer);
                }
                if (refs.contains(pointer)) {
                    throw new InvalidSchemaException("recursive $ref " + pointer);
                }
                JsonNode target = root.at(pointer.substring(1));
                if (target.isMissingNode()) {
                    throw new InvalidSchemaException("unresolvable $ref " + pointer);
                }
                refs.push(pointer);
                JsonNode inlined = resolve(target, root, refs, nodes, physical + 1);
                refs.pop();
                if (node.size() == 1 || !inlined.isObject()) {
                    return inlined;
                }
                ObjectNode merged = ((ObjectNode) inlined).deepCopy();
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    if (!"$ref".equals(e.getKey())) {
                        merged.set(e.getKey(), resolve(e.getValue(), root, refs, nodes, physical + 1));
                    }
                }
                return merged;
            }
            ObjectNode copy = Json.object();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                boolean definitions = physical == 0 && ("$defs".equals(e.getKey()) || "definitions".equals(e.getKey()));
                copy.set(e.getKey(), definitions ? e.getValue() : resolve(e.getValue(), root, refs, nodes, physical + 1));
            }
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = Json.array();
            for (JsonNode item : node) {
                copy.add(resolve(item, root, refs, nodes, physical + 1));
            }
            return copy;
        }
        return node;
    }

    /**
     * Depth: each step into a value adds one; an {@code anyOf}/{@code oneOf} that only makes a member
     * optional (exactly one {@code {"type":"null"}} of two) costs nothing. Stops counting past the cap.
     */
    static int depth(JsonNode node, int d, int physical) {
        if (physical > MAX_PHYSICAL_DEPTH) {
            return Integer.MAX_VALUE;
        }
        if (!node.isContainerNode() || node.isEmpty()) {
            return d;
        }
        int max = d;
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode optionalMember = optionalMember(e.getKey(), e.getValue());
                int sub = optionalMember != null
                        ? depth(optionalMember, d, physical + 1)
                        : depth(e.getValue(), d + 1, physical + 1);
                max = Math.max(max, sub);
                if (max == Integer.MAX_VALUE) {
                    return max;
                }
            }
        } else {
            for (JsonNode item : node) {
                max = Math.max(max, depth(item, d + 1, physical + 1));
                if (max == Integer.MAX_VALUE) {
                    return max;
                }
            }
        }
        return max;
    }

    private static JsonNode optionalMember(String key, JsonNode value) {
        if (!("anyOf".equals(key) || "oneOf".equals(key)) || !value.isArray() || value.size() != 2) {
            return null;
        }
        boolean firstNull = isNullType(value.get(0));
        boolean secondNull = isNullType(value.get(1));
        if (firstNull == secondNull) {
            return null;
        }
        return firstNull ? value.get(1) : value.get(0);
    }

    private static boolean isNullType(JsonNode n) {
        return n.isObject() && n.size() == 1 && "null".equals(n.path("type").asText(null));
    }
}
