package io.toolgate.meta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.toolgate.json.Json;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The tool result of a successful {@code execute_code} run: {@code structuredContent} {@code {"result", "logs"}} and
 * the same JSON as text. A result larger than the cap is cut while keeping its shape: long strings are shortened,
 * arrays and objects lose their last members, and {@code "truncated": true} says so.
 */
final class CodeResult {

    private static final String MARK = "…[truncated]";

    private CodeResult() {
    }

    static ObjectNode of(JsonNode result, List<String> logs, long maxBytes) {
        ObjectNode structured = Json.object();
        structured.set("result", result);
        ArrayNode l = structured.putArray("logs");
        logs.forEach(l::add);
        if (size(structured) > maxBytes) {
            structured = shrink(structured, maxBytes);
            structured.put("truncated", true);
        }
        ObjectNode out = Json.object();
        out.putArray("content").addObject().put("type", "text").put("text", Json.write(structured));
        out.set("structuredContent", structured);
        out.put("isError", false);
        return out;
    }

    private static long size(JsonNode node) {
        return Json.write(node).getBytes(StandardCharsets.UTF_8).length;
    }

    /** Shortens the longest strings, else drops the last half of the largest container, until it fits (64 passes). */
    private static ObjectNode shrink(ObjectNode value, long maxBytes) {
        ObjectNode current = value.deepCopy();
        for (int pass = 0; pass < 64 && size(current) > maxBytes; pass++) {
            long excess = size(current) - maxBytes;
            if (!cutStrings(current, Math.max(64, excess))) {
                dropLastHalf(current);
            }
        }
        return current;
    }

    /** Shortens every string longer than {@code limit} characters; false when none was. */
    private static boolean cutStrings(JsonNode node, long limit) {
        boolean cut = false;
        if (node instanceof ObjectNode o) {
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue().isTextual() && e.getValue().textValue().length() > limit) {
                    e.setValue(TextNode.valueOf(e.getValue().textValue().substring(0, (int) (limit / 2)) + MARK));
                    cut = true;
                } else {
                    cut |= cutStrings(e.getValue(), limit);
                }
            }
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                if (a.get(i).isTextual() && a.get(i).textValue().length() > limit) {
                    a.set(i, TextNode.valueOf(a.get(i).textValue().substring(0, (int) (limit / 2)) + MARK));
                    cut = true;
                } else {
                    cut |= cutStrings(a.get(i), limit);
                }
            }
        }
        return cut;
    }

    /** Removes the last half of the members of the largest array or object with several, else of one with one. */
    private static void dropLastHalf(JsonNode root) {
        JsonNode largest = null;
        long largestSize = -1;
        for (boolean single : new boolean[] {false, true}) {
            for (JsonNode n : containers(root)) {
                long s = n.size() > 1 || single && n.size() == 1 ? size(n) : -1;
                if (s > largestSize) {
                    largest = n;
                    largestSize = s;
                }
            }
            if (largest != null) {
                break;
            }
        }
        if (largest instanceof ArrayNode a) {
            for (int keep = a.size() / 2; a.size() > keep; ) {
                a.remove(a.size() - 1);
            }
        } else if (largest instanceof ObjectNode o) {
            List<String> names = new ArrayList<>();
            o.fieldNames().forEachRemaining(names::add);
            o.remove(names.subList(names.size() / 2, names.size()));
        }
    }

    private static List<JsonNode> containers(JsonNode root) {
        List<JsonNode> out = new ArrayList<>();
        collect(root, out, true);
        return out;
    }

    private static void collect(JsonNode node, List<JsonNode> out, boolean root) {
        if (node.isContainerNode()) {
            if (!root) {
                out.add(node);
            }
            node.forEach(child -> collect(child, out, false));
        }
    }
}
