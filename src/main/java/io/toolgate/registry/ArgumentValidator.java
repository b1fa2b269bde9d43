package io.toolgate.registry;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;

/**
 * Checks {@code execute_tool} arguments against the tool's JSON Schema before the upstream sees them (DECISIONS D3):
 * required members, types, enums, and unknown members where {@code additionalProperties} is {@code false}. Nested
 * objects and array items are checked the same way. Composite keywords ({@code anyOf}, {@code allOf}, …) are left to
 * the upstream.
 */
public final class ArgumentValidator {

    private ArgumentValidator() {
    }

    /** Every violation found, as human-readable lines; empty when the arguments fit. */
    public static List<String> validate(JsonNode arguments, JsonNode schema) {
        List<String> out = new ArrayList<>();
        check(arguments, schema, "", out);
        return out;
    }

    private static void check(JsonNode value, JsonNode schema, String path, List<String> out) {
        if (schema == null || !schema.isObject()) {
            return;
        }
        JsonNode type = schema.get("type");
        if (type != null && !matchesType(value, type)) {
            out.add(label(path) + " must be " + describe(type) + ", got " + kind(value));
            return;
        }
        JsonNode en = schema.get("enum");
        if (en != null && en.isArray() && !contains(en, value)) {
            List<String> allowed = new ArrayList<>();
            en.forEach(v -> allowed.add(v.toString()));
            out.add(label(path) + " must be one of " + String.join(", ", allowed));
            return;
        }
        if (value.isObject()) {
            checkObject(value, schema, path, out);
        } else if (value.isArray() && schema.get("items") != null && schema.get("items").isObject()) {
            for (int i = 0; i < value.size(); i++) {
                check(value.get(i), schema.get("items"), path + "[" + i + "]", out);
            }
        }
    }

    private static void checkObject(JsonNode value, JsonNode schema, String path, List<String> out) {
        JsonNode props = schema.path("properties");
        TreeSet<String> missing = new TreeSet<>();
        for (JsonNode r : schema.path("required")) {
            if (r.isTextual() && !value.has(r.textValue())) {
                missing.add(r.textValue());
            }
        }
        missing.forEach(m -> out.add("missing required argument '" + join(path, m) + "'"));
        boolean closed = schema.path("additionalProperties").isBoolean() && !schema.path("additionalProperties").booleanValue();
        TreeSet<String> unknown = new TreeSet<>();
        for (Iterator<String> it = value.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            JsonNode sub = props.get(key);
            if (sub != null) {
                check(value.get(key), sub, join(path, key), out);
            } else if (closed) {
                unknown.add(key);
            }
        }
        unknown.forEach(u -> out.add("unknown argument '" + join(path, u) + "'"));
    }

    private static boolean matchesType(JsonNode value, JsonNode type) {
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (matchesType(value, t)) {
                    return true;
                }
            }
            return type.isEmpty();
        }
        return switch (type.asText()) {
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber()
                    || (value.isNumber() && value.decimalValue().stripTrailingZeros().scale() <= 0);
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            case "null" -> value.isNull();
            case "array" -> value.isArray();
            case "object" -> value.isObject();
            default -> true;
        };
    }

    private static boolean contains(JsonNode en, JsonNode value) {
        for (JsonNode v : en) {
            if (v.equals(value) || (v.isNumber() && value.isNumber() && v.decimalValue().compareTo(value.decimalValue()) == 0)) {
                return true;
            }
        }
        return false;
    }

    private static String describe(JsonNode type) {
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
}
