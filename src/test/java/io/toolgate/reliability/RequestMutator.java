package io.toolgate.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.toolgate.json.Json;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Turns a valid MCP request (of either era) into a hostile one: wrong types, missing and extra members, deep nesting,
 * huge strings and numbers, NUL bytes, duplicate keys, invalid UTF-8, truncated or oversized bodies, wrong or missing
 * headers and methods. Deterministic for a given {@link Random}.
 */
final class RequestMutator {

    /**
     * One HTTP request to {@code /mcp}; {@code oversized} marks a body or a header past the gateway's limits, answered
     * (413, 431) on a connection the gateway then closes, so it goes on a connection of its own.
     */
    record Request(String method, Map<String, String> headers, byte[] body, String mutation, boolean oversized) {
    }

    /** Longer than the gateway's 32 KiB limit on a request's head. */
    static final int OVERSIZED_HEADER = 40_000;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private final Random random;
    private final int maxBodyBytes;

    RequestMutator(Random random, int maxBodyBytes) {
        this.random = random;
        this.maxBodyBytes = maxBodyBytes;
    }

    Request mutate(ObjectNode seed, Map<String, String> headers) {
        ObjectNode message = seed.deepCopy();
        Map<String, String> h = new LinkedHashMap<>(headers);
        List<String> applied = new ArrayList<>();
        List<String> raws = new ArrayList<>();
        int rounds = 1 + random.nextInt(3);
        for (int i = 0; i < rounds; i++) {
            int kind = random.nextInt(100);
            if (kind < 20) {
                applied.add("type:" + replaceRandom(message, randomValue()));
            } else if (kind < 32) {
                applied.add("remove:" + removeRandom(message));
            } else if (kind < 42) {
                applied.add("extra:" + addRandom(message));
            } else if (kind < 47) {
                int depth = 50 + random.nextInt(random.nextBoolean() ? 200 : 5000);
                applied.add("nest:" + depth + "@" + replaceRandom(message, raw(raws, nested(depth))));
            } else if (kind < 50) {
                int size = 1024 * (1 + random.nextInt(512));
                applied.add("huge-string:" + size + "@" + replaceRandom(message, NODES.textNode("x".repeat(size))));
            } else if (kind < 54) {
                String number = random.nextBoolean() ? "9".repeat(500 + random.nextInt(20_000))
                        : (random.nextBoolean() ? "1e999999" : "-0.0000000000000000000000000000001e-99999");
                applied.add("huge-number@" + replaceRandom(message, raw(raws, number)));
            } else if (kind < 58) {
                applied.add("nul-string@" + replaceRandom(message, NODES.textNode("a\u0000b\u0001\u001f\uFFFF\uD800")));
            } else if (kind < 80) {
                String header = headerMutation(h);
                applied.add("header:" + header);
            } else {
                applied.add("byte-level");
                break;
            }
        }
        byte[] body = serialize(message, raws);
        String method = "POST";
        boolean oversized = false;
        if (applied.contains("byte-level")) {
            applied.remove("byte-level");
            int kind = random.nextInt(100);
            if (kind < 25) {
                body = insert(body, new byte[]{(byte) (0x80 + random.nextInt(0x80)), (byte) 0xC3, 0x28});
                applied.add("invalid-utf8");
            } else if (kind < 45) {
                body = java.util.Arrays.copyOf(body, random.nextInt(Math.max(1, body.length)));
                applied.add("truncated");
            } else if (kind < 60) {
                body = insert(body, new byte[]{0});
                applied.add("raw-nul");
            } else if (kind < 75) {
                String text = new String(body, StandardCharsets.UTF_8);
                body = text.replaceFirst("\\{", "{\"id\":\"dup\",\"method\":\"ping\",").getBytes(StandardCharsets.UTF_8);
                applied.add("duplicate-keys");
            } else if (kind < 80) {
                body = new byte[0];
                applied.add("empty");
            } else if (kind < 81) {
                body = new byte[maxBodyBytes + 1 + random.nextInt(1024)];
                java.util.Arrays.fill(body, (byte) ' ');
                oversized = true;
                applied.add("oversized");
            } else if (kind < 90) {
                method = List.of("GET", "DELETE", "PUT", "PATCH", "OPTIONS").get(random.nextInt(5));
                applied.add("method:" + method);
            } else {
                body = ("[" + new String(body, StandardCharsets.UTF_8) + "," + new String(body, StandardCharsets.UTF_8) + "]")
                        .getBytes(StandardCharsets.UTF_8);
                applied.add("batch");
            }
        }
        oversized |= h.values().stream().anyMatch(v -> v.length() >= OVERSIZED_HEADER);
        return new Request(method, h, body, String.join(" ", applied), oversized);
    }

    /** A placeholder string for JSON text a tree cannot hold (or would need deep recursion to write). */
    private static JsonNode raw(List<String> raws, String json) {
        raws.add(json);
        return NODES.textNode("__raw" + (raws.size() - 1) + "__");
    }

    private static byte[] serialize(ObjectNode message, List<String> raws) {
        String text = Json.write(message);
        for (int i = 0; i < raws.size(); i++) {
            text = text.replace("\"__raw" + i + "__\"", raws.get(i));
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private byte[] insert(byte[] body, byte[] bytes) {
        int at = body.length == 0 ? 0 : random.nextInt(body.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + bytes.length);
        out.write(body, 0, at);
        out.write(bytes, 0, bytes.length);
        out.write(body, at, body.length - at);
        return out.toByteArray();
    }

    private String headerMutation(Map<String, String> h) {
        List<String> names = List.of("Content-Type", "Accept", "MCP-Protocol-Version", "Mcp-Session-Id", "Mcp-Method",
                "Mcp-Name", "Origin", "Authorization", "Last-Event-ID");
        String name = names.get(random.nextInt(names.size()));
        if (random.nextInt(3) == 0) {
            h.remove(name);
            return "-" + name;
        }
        List<String> values = List.of("", "text/plain", "application/json; charset=latin1", "*/*", "2099-01-01",
                "1999-12-31", "garbage", "x".repeat(OVERSIZED_HEADER), "x".repeat(8_000), "http://evil.example", "Bearer x.y.z", "00000000-0000",
                "tools/call", "application/json, text/event-stream, */*;q=0.1", "-1", "9".repeat(40));
        String value = values.get(random.nextInt(values.size()));
        h.put(name, value);
        return name + "=" + (value.length() > 20 ? value.substring(0, 20) + "…" : value);
    }

    private JsonNode randomValue() {
        return switch (random.nextInt(8)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.booleanNode(random.nextBoolean());
            case 2 -> NODES.numberNode(random.nextLong());
            case 3 -> NODES.numberNode(random.nextDouble() * 1e300);
            case 4 -> NODES.textNode(Long.toString(random.nextLong(), 36));
            case 5 -> NODES.arrayNode().add(1).add("two").addNull();
            case 6 -> NODES.objectNode().put("k", "v");
            default -> NODES.textNode("");
        };
    }

    private String nested(int depth) {
        return random.nextBoolean() ? "[".repeat(depth) + "1" + "]".repeat(depth)
                : "{\"n\":".repeat(depth) + "1" + "}".repeat(depth);
    }

    /** Replaces a random member or element (or the root's member) with {@code value}; returns its path. */
    private String replaceRandom(ObjectNode root, JsonNode value) {
        List<String> path = new ArrayList<>();
        JsonNode parent = root;
        String key = null;
        int index = -1;
        JsonNode current = root;
        while (current.isContainerNode() && current.size() > 0 && (key == null || random.nextInt(3) > 0)) {
            parent = current;
            if (current.isObject()) {
                List<String> names = new ArrayList<>();
                current.fieldNames().forEachRemaining(names::add);
                key = names.get(random.nextInt(names.size()));
                index = -1;
                path.add(key);
                current = current.get(key);
            } else {
                index = random.nextInt(current.size());
                key = "";
                path.add(Integer.toString(index));
                current = current.get(index);
            }
        }
        if (key == null) {
            root.set("params", value);
            return "params";
        }
        if (parent.isObject()) {
            ((ObjectNode) parent).set(key, value);
        } else {
            ((ArrayNode) parent).set(index, value);
        }
        return String.join("/", path);
    }

    private String removeRandom(ObjectNode root) {
        List<ObjectNode> objects = new ArrayList<>();
        collect(root, objects);
        ObjectNode target = objects.get(random.nextInt(objects.size()));
        Iterator<String> names = target.fieldNames();
        if (!names.hasNext()) {
            return "(empty)";
        }
        List<String> all = new ArrayList<>();
        names.forEachRemaining(all::add);
        String name = all.get(random.nextInt(all.size()));
        target.remove(name);
        return name;
    }

    private String addRandom(ObjectNode root) {
        List<ObjectNode> objects = new ArrayList<>();
        collect(root, objects);
        ObjectNode target = objects.get(random.nextInt(objects.size()));
        String name = List.of("extra", "__proto__", "constructor", "id", "$ref", "_meta", "jsonrpc", "").get(random.nextInt(8));
        target.set(name, randomValue());
        return name;
    }

    private static void collect(JsonNode node, List<ObjectNode> out) {
        if (node.isObject()) {
            out.add((ObjectNode) node);
        }
        node.elements().forEachRemaining(child -> collect(child, out));
    }
}
