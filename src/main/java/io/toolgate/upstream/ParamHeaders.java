package io.toolgate.upstream;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A tool's {@code x-mcp-header} declarations: arguments a client mirrors into {@code Mcp-Param-<Name>}
 * headers on {@code tools/call}, so that intermediaries can route on them without reading the body.
 */
final class ParamHeaders {

    /** RFC 9110 token characters: what a header name may be made of. */
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+");
    private static final Set<String> MIRRORED_TYPES = Set.of("string", "integer", "boolean");

    private ParamHeaders() {
    }

    /**
     * The arguments a tool mirrors into headers, by argument name, with their header names.
     *
     * @throws IllegalArgumentException when a declaration is invalid: not a non-empty token, on a property that is not
     *                                  a string, integer or boolean, or a name declared twice (case-insensitively)
     */
    static Map<String, String> declared(JsonNode tool) {
        Map<String, String> out = new LinkedHashMap<>();
        JsonNode properties = tool.path("inputSchema").path("properties");
        Set<String> seen = new HashSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> property = it.next();
            JsonNode header = property.getValue().get("x-mcp-header");
            if (header == null) {
                continue;
            }
            if (!header.isTextual() || !TOKEN.matcher(header.textValue()).matches()) {
                throw new IllegalArgumentException("x-mcp-header of '" + property.getKey() + "' is not a header name");
            }
            if (!MIRRORED_TYPES.contains(property.getValue().path("type").asText())) {
                throw new IllegalArgumentException("x-mcp-header on '" + property.getKey()
                        + "', which is not a string, integer or boolean");
            }
            if (!seen.add(header.textValue().toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("x-mcp-header '" + header.textValue() + "' is declared twice");
            }
            out.put(property.getKey(), header.textValue());
        }
        return out;
    }

    /**
     * An argument as a header value: as written, or {@code =?base64?…?=} (UTF-8) when it is not printable ASCII
     * without surrounding white space; null for a JSON null, which is not mirrored.
     */
    static String encode(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        String text = value.isTextual() ? value.textValue() : value.toString();
        boolean plain = text.equals(text.strip()) && !text.startsWith("=?base64?")
                && text.chars().allMatch(c -> c >= 0x20 && c <= 0x7E);
        return plain ? text : "=?base64?" + Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)) + "?=";
    }
}
