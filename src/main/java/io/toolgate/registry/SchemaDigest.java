package io.toolgate.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;

/**
 * The schema digest: SHA-256 over the sorted canonical JSON of {@code {"d","n","s"}} per tool
 * (keys sorted at every level, compact separators, no ASCII escaping), lines joined with {@code \n}.
 */
public final class SchemaDigest {

    private SchemaDigest() {
    }

    public static String of(Collection<UpstreamTool> tools) {
        List<String> lines = new ArrayList<>(tools.size());
        for (UpstreamTool t : tools) {
            lines.add(line(t));
        }
        lines.sort(null);
        return sha256(String.join("\n", lines));
    }

    /** Canonical form of one tool; two tools with the same line have the same name, description and schema. */
    public static String line(UpstreamTool t) {
        StringBuilder sb = new StringBuilder();
        sb.append("{\"d\":");
        canonical(TextNode.valueOf(t.rawDescription()), sb);
        sb.append(",\"n\":");
        canonical(TextNode.valueOf(t.name()), sb);
        sb.append(",\"s\":");
        canonical(t.rawSchema(), sb);
        return sb.append('}').toString();
    }

    static void canonical(JsonNode node, StringBuilder sb) {
        if (node == null || node.isMissingNode()) {
            sb.append("null");
        } else if (node.isObject()) {
            List<String> keys = new ArrayList<>();
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                keys.add(it.next());
            }
            keys.sort(null);
            sb.append('{');
            for (int i = 0; i < keys.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                canonical(TextNode.valueOf(keys.get(i)), sb);
                sb.append(':');
                canonical(node.get(keys.get(i)), sb);
            }
            sb.append('}');
        } else if (node.isArray()) {
            sb.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                canonical(node.get(i), sb);
            }
            sb.append(']');
        } else if (node.isTextual()) {
            quote(node.textValue(), sb);
        } else {
            sb.append(node);
        }
    }

    private static void quote(String s, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    static String sha256(String s) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
