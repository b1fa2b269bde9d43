package io.toolgate.mcp;

import io.toolgate.exchange.McpHeaders;
import com.fasterxml.jackson.databind.JsonNode;
import io.toolgate.error.McpProtocolException;
import io.toolgate.registry.ToolEntry;
import io.toolgate.registry.ToolRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stateless-era {@code tools/call} of an upstream tool listed directly: every argument whose schema property names an
 * {@code x-mcp-header} must also arrive as header {@code Mcp-Param-<name>} with the same value (plain, or
 * {@code =?base64?…?=} for values that are not plain ASCII), so intermediaries that route on headers see what the tool
 * receives. A missing, undecodable or different header is refused with -32020 (HTTP 400).
 */
public final class ParamHeadersProcessor implements Processor {

    private static final Pattern BASE64 = Pattern.compile("^=\\?base64\\?(.*)\\?=$");
    private final ToolRegistry registry;

    public ParamHeadersProcessor(ToolRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void process(Exchange exchange) {
        String name = exchange.getIn().getHeader(McpHeaders.DIRECT_TOOL, String.class);
        if (name == null || exchange.getIn().getHeader(McpHeaders.STATELESS) == null) {
            return;
        }
        ToolEntry tool = registry.snapshot().tools().get(name);
        if (tool == null) {
            return;
        }
        @SuppressWarnings("unchecked")
        Map<String, String> headers = exchange.getIn().getHeader(McpHeaders.REQUEST_HEADERS, Map.of(), Map.class);
        check(tool.tool().rawSchema(), exchange.getIn().getBody(JsonNode.class), headers);
    }

    /** @param headers the HTTP request headers, names lower-cased */
    static void check(JsonNode inputSchema, JsonNode arguments, Map<String, String> headers) {
        JsonNode properties = inputSchema == null ? null : inputSchema.get("properties");
        if (properties == null || !properties.isObject()) {
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> property = it.next();
            JsonNode headerName = property.getValue().get("x-mcp-header");
            JsonNode value = arguments == null ? null : arguments.get(property.getKey());
            if (headerName == null || !headerName.isTextual() || value == null || value.isNull()) {
                continue;
            }
            String header = "Mcp-Param-" + headerName.textValue();
            String raw = headers.get(header.toLowerCase(Locale.ROOT));
            if (raw == null) {
                throw mismatch(header + " is required: argument '" + property.getKey() + "' is set");
            }
            if (!matches(decode(raw.strip(), header), value)) {
                throw mismatch(header + " does not match argument '" + property.getKey() + "'");
            }
        }
    }

    private static String decode(String raw, String header) {
        Matcher m = BASE64.matcher(raw);
        if (!m.matches()) {
            return raw;
        }
        String encoded = m.group(1);
        try {
            if (encoded.length() % 4 != 0) {
                throw new IllegalArgumentException("bad padding");
            }
            return new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw mismatch(header + " is not valid Base64");
        }
    }

    private static boolean matches(String header, JsonNode value) {
        if (value.isNumber()) {
            try {
                return new BigDecimal(header).compareTo(value.decimalValue()) == 0;
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return header.equals(value.isTextual() ? value.textValue() : value.toString());
    }

    private static McpProtocolException mismatch(String message) {
        return new McpProtocolException(McpProtocolException.HEADER_MISMATCH, "Header mismatch: " + message);
    }
}
