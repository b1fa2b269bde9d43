package io.toolgate.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.path.NodePath;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Turns the JSON Schema validator's errors into the lines of an {@code invalid_arguments} answer
 * ({@code missing required argument 'o.k'}, {@code 'n' must be integer, got string}, {@code 's' must be one of "a", "b"},
 * {@code unknown argument 'x'}). A value reports one violation: nothing inside a value whose type or enum is wrong.
 * A type name JSON Schema does not define, and an {@code enum} that is not a list, accept any value. Lines come in
 * the order of the arguments: per object its missing members (by name), then its members as given, then its unknown
 * members (by name); per array its elements in order.
 */
final class ArgumentViolations {

    private static final Set<String> TYPES = Set.of("string", "integer", "number", "boolean", "null", "array", "object");
    private static final int OWN = 0;
    private static final int MISSING = 1;
    private static final int INSIDE = 2;
    private static final int AFTER = 3;

    private ArgumentViolations() {
    }

    static List<String> describe(List<Error> errors, JsonNode arguments) {
        List<Error> kept = errors.stream().filter(e -> !ignored(e)).toList();
        List<Error> wrongValues = kept.stream()
                .filter(e -> "type".equals(e.getKeyword()) || "enum".equals(e.getKeyword())).toList();
        List<Located> out = new ArrayList<>();
        for (Error e : kept) {
            if (wrongValues.stream().noneMatch(wrong -> covers(wrong, e))) {
                out.add(new Located(position(e, arguments), e.getProperty() == null ? "" : e.getProperty(), message(e)));
            }
        }
        out.sort(Comparator.comparing(Located::position, ArgumentViolations::compare).thenComparing(Located::name));
        return out.stream().map(Located::message).distinct().toList();
    }

    /** Whether {@code e} is about a value {@code wrong} already reports: inside it, or beside a wrong type. */
    private static boolean covers(Error wrong, Error e) {
        NodePath value = wrong.getInstanceLocation();
        NodePath at = e.getInstanceLocation();
        return wrong != e && at.startsWith(value) && (!at.equals(value) || !"type".equals(e.getKeyword()));
    }

    private static boolean ignored(Error e) {
        JsonNode schema = e.getSchemaNode();
        if ("enum".equals(e.getKeyword())) {
            return schema == null || !schema.isArray();
        }
        if (!"type".equals(e.getKeyword())) {
            return false;
        }
        if (schema != null && schema.isTextual()) {
            return !TYPES.contains(schema.textValue());
        }
        if (schema == null || !schema.isArray() || schema.isEmpty()) {
            return true;
        }
        for (JsonNode t : schema) {
            if (!t.isTextual() || !TYPES.contains(t.textValue())) {
                return true;
            }
        }
        return false;
    }

    private static String message(Error e) {
        String path = path(e.getInstanceLocation());
        return switch (e.getKeyword()) {
            case "required" -> "missing required argument '" + join(path, e.getProperty()) + "'";
            case "additionalProperties" -> "unknown argument '" + join(path, e.getProperty()) + "'";
            case "type" -> label(path) + " must be " + describeType(e.getSchemaNode()) + ", got " + kind(e.getInstanceNode());
            case "enum" -> {
                List<String> allowed = new ArrayList<>();
                e.getSchemaNode().forEach(v -> allowed.add(v.toString()));
                yield label(path) + " must be one of " + String.join(", ", allowed);
            }
            default -> label(path) + ": " + e.getMessage();
        };
    }

    /** Where the line goes: one step per member or element on the way to the value, then the kind of line. */
    private static List<int[]> position(Error e, JsonNode arguments) {
        NodePath at = e.getInstanceLocation();
        List<int[]> steps = new ArrayList<>();
        JsonNode node = arguments;
        for (int i = 0; i < at.getNameCount(); i++) {
            Object segment = at.getElement(i);
            if (segment instanceof Integer index) {
                steps.add(new int[] {INSIDE, index});
                node = node.path(index);
            } else {
                steps.add(new int[] {INSIDE, memberIndex(node, (String) segment)});
                node = node.path((String) segment);
            }
        }
        int kind = switch (e.getKeyword()) {
            case "type", "enum" -> OWN;
            case "required" -> MISSING;
            default -> AFTER;
        };
        steps.add(new int[] {kind, 0});
        return steps;
    }

    private static int memberIndex(JsonNode object, String name) {
        int i = 0;
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); i++) {
            if (it.next().equals(name)) {
                return i;
            }
        }
        return i;
    }

    private static int compare(List<int[]> a, List<int[]> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = a.get(i)[0] != b.get(i)[0] ? Integer.compare(a.get(i)[0], b.get(i)[0])
                    : Integer.compare(a.get(i)[1], b.get(i)[1]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    private static String path(NodePath at) {
        String path = "";
        for (int i = 0; i < at.getNameCount(); i++) {
            Object segment = at.getElement(i);
            path = segment instanceof Integer index ? path + "[" + index + "]" : join(path, (String) segment);
        }
        return path;
    }

    private static String describeType(JsonNode type) {
        if (type.isArray()) {
            List<String> names = new ArrayList<>();
            type.forEach(t -> names.add(t.asText()));
            return String.join(" or ", names);
        }
        return type.asText();
    }

    private static String kind(JsonNode v) {
        if (v.isTextual()) {
            return "string";
        }
        if (v.isIntegralNumber()) {
            return "integer";
        }
        if (v.isNumber()) {
            return "number";
        }
        if (v.isBoolean()) {
            return "boolean";
        }
        if (v.isNull()) {
            return "null";
        }
        return v.isArray() ? "array" : "object";
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static String label(String path) {
        return path.isEmpty() ? "arguments" : "'" + path + "'";
    }

    private record Located(List<int[]> position, String name, String message) {
    }
}
