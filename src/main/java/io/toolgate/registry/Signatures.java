package io.toolgate.registry;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * TypeScript-style declarations of tools, the same shape code mode exposes: one async function per
 * tool taking one arguments object, optional members marked {@code ?}, enums as unions, real defaults in a comment.
 * <pre>
 * /** Search contacts by name or email. *&#47;
 * declare function crm_contacts_search(args: { query: string; limit?: number /* default: 10 *&#47; }): Promise&lt;any&gt;;
 * </pre>
 */
public final class Signatures {

    private static final Set<String> RESERVED = Set.of("await", "break", "case", "catch", "class", "const", "continue",
            "debugger", "default", "delete", "do", "else", "enum", "export", "extends", "false", "finally", "for",
            "function", "if", "import", "in", "instanceof", "let", "new", "null", "return", "static", "super", "switch",
            "this", "throw", "true", "try", "typeof", "var", "void", "while", "with", "yield", "arguments", "eval",
            "undefined", "NaN", "Infinity", "console", "globalThis", "Promise", "JSON", "Object", "Array", "Math",
            "String", "Number", "Boolean", "Error", "Date", "Map", "Set", "RegExp", "Symbol");

    private Signatures() {
    }

    public static String render(List<ToolEntry> tools) {
        List<String> parts = new ArrayList<>(tools.size());
        tools.forEach(t -> parts.add(render(t)));
        return String.join("\n\n", parts);
    }

    public static String render(ToolEntry tool) {
        StringBuilder sb = new StringBuilder();
        String description = tool.description();
        if (!description.isEmpty()) {
            sb.append("/** ").append(description.replace("*/", "* /")).append(" */\n");
        }
        JsonNode schema = tool.schema();
        Set<String> required = required(schema);
        String args = objectType(schema);
        sb.append("declare function ").append(functionName(tool.name())).append("(args").append(required.isEmpty() ? "?" : "")
                .append(": ").append(args).append("): Promise<any>;");
        return sb.toString();
    }

    /**
     * The JavaScript function a tool is inside {@code execute_code}, and in these declarations: its exposed name with
     * every character that cannot be in an identifier replaced by {@code _} ({@code everything_get-sum} is
     * {@code everything_get_sum}), {@code _} first when it starts with a digit, {@code _} last for a reserved word.
     */
    public static String functionName(String toolName) {
        StringBuilder sb = new StringBuilder(toolName.length() + 1);
        toolName.codePoints().forEach(c -> sb.append(c < 128 && (Character.isLetterOrDigit(c) || c == '_' || c == '$')
                ? (char) c : '_'));
        if (sb.length() == 0 || Character.isDigit(sb.charAt(0))) {
            sb.insert(0, '_');
        }
        return RESERVED.contains(sb.toString()) ? sb + "_" : sb.toString();
    }

    private static Set<String> required(JsonNode schema) {
        Set<String> out = new LinkedHashSet<>();
        JsonNode props = schema.path("properties");
        for (JsonNode r : schema.path("required")) {
            if (r.isTextual() && props.has(r.textValue())) {
                out.add(r.textValue());
            }
        }
        return out;
    }

    private static String objectType(JsonNode schema) {
        JsonNode props = schema.path("properties");
        if (!props.isObject() || props.isEmpty()) {
            return "{}";
        }
        Set<String> required = required(schema);
        List<String> members = new ArrayList<>();
        for (String name : required) {
            members.add(member(name, props.get(name), false));
        }
        Set<String> optional = new TreeSet<>();
        props.fieldNames().forEachRemaining(optional::add);
        optional.removeAll(required);
        for (String name : optional) {
            members.add(member(name, props.get(name), true));
        }
        return "{ " + String.join("; ", members) + " }";
    }

    private static String member(String name, JsonNode schema, boolean optional) {
        String key = name.matches("[A-Za-z_$][A-Za-z0-9_$]*") ? name : quote(name);
        String out = key + (optional ? "?: " : ": ") + type(schema);
        JsonNode def = schema.get("default");
        if (def != null) {
            out += " /* default: " + def.toString().replace("*/", "* /") + " */";
        }
        return out;
    }

    static String type(JsonNode schema) {
        if (schema == null || !schema.isObject()) {
            return "any";
        }
        if (schema.has("const")) {
            return schema.get("const").toString();
        }
        JsonNode en = schema.get("enum");
        if (en != null && en.isArray() && !en.isEmpty()) {
            List<String> values = new ArrayList<>();
            en.forEach(v -> values.add(v.toString()));
            return String.join(" | ", values);
        }
        for (String union : new String[]{"anyOf", "oneOf"}) {
            JsonNode members = schema.get(union);
            if (members != null && members.isArray() && !members.isEmpty()) {
                Set<String> types = new LinkedHashSet<>();
                members.forEach(m -> types.add(type(m)));
                return String.join(" | ", types);
            }
        }
        JsonNode type = schema.get("type");
        if (type != null && type.isArray()) {
            Set<String> types = new LinkedHashSet<>();
            for (JsonNode t : type) {
                types.add(single(t.asText(), schema));
            }
            return types.isEmpty() ? "any" : String.join(" | ", types);
        }
        return type != null && type.isTextual() ? single(type.textValue(), schema) : "any";
    }

    private static String single(String type, JsonNode schema) {
        return switch (type) {
            case "string" -> "string";
            case "integer", "number" -> "number";
            case "boolean" -> "boolean";
            case "null" -> "null";
            case "array" -> {
                JsonNode items = schema.get("items");
                if (items == null) {
                    yield "any[]";
                }
                String inner = type(items);
                yield (inner.contains(" ") && !inner.startsWith("{") ? "(" + inner + ")" : inner) + "[]";
            }
            case "object" -> schema.path("properties").isObject() && !schema.path("properties").isEmpty()
                    ? objectType(schema) : "Record<string, any>";
            default -> "any";
        };
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
