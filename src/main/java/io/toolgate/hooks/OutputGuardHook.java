package io.toolgate.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.toolgate.registry.DescriptionSanitizer;

import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The output guard ({@code GATEWAY_OUTPUT_GUARD}): scans every LLM-visible string of a tool result
 * — text blocks, embedded resource text, every string in {@code structuredContent}, error results included — for the
 * prompt-injection markers of the description sanitizer. {@code strip} replaces each with a space, {@code marker} with
 * {@value #MARKER}, and a modified result says so in {@code _meta["io.toolgate/output-guard"]}; {@code reject} turns the
 * result into the error {@code output_guard_reject}. It runs before every other hook.
 */
public final class OutputGuardHook implements GatewayHook {

    public enum Mode {
        STRIP, MARKER, REJECT;

        public static Mode parse(String value) {
            return valueOf(value.toUpperCase(Locale.ROOT));
        }
    }

    public static final String MARKER = "[OUTPUT SCRUBBED BY GATEWAY]";
    public static final String META_KEY = "io.toolgate/output-guard";
    private final Mode mode;

    public OutputGuardHook(Mode mode) {
        this.mode = mode;
    }

    @Override
    public ObjectNode transformResult(ExecutionContext context, ObjectNode result) {
        boolean modified = false;
        for (JsonNode block : result.path("content")) {
            if (block instanceof ObjectNode b) {
                modified |= scrubField(context, b, "text");
                if (b.get("resource") instanceof ObjectNode resource) {
                    modified |= scrubField(context, resource, "text");
                }
            }
        }
        JsonNode structured = result.get("structuredContent");
        if (structured != null && structured.isContainerNode()) {
            modified |= scrubTree(context, structured);
        }
        if (modified) {
            ObjectNode meta = result.get("_meta") instanceof ObjectNode m ? m : result.putObject("_meta");
            meta.putObject(META_KEY).put("mode", mode.name().toLowerCase(Locale.ROOT)).put("modified", true);
        }
        return result;
    }

    private boolean scrubTree(ExecutionContext context, JsonNode node) {
        boolean modified = false;
        if (node instanceof ObjectNode o) {
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                modified |= scrubChild(context, e.getValue(), e::setValue);
            }
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                int index = i;
                modified |= scrubChild(context, a.get(i), clean -> a.set(index, clean));
            }
        }
        return modified;
    }

    /** Scrubs a string in place (through {@code replace}) or descends into a container. */
    private boolean scrubChild(ExecutionContext context, JsonNode child, Consumer<JsonNode> replace) {
        if (!child.isTextual()) {
            return scrubTree(context, child);
        }
        String clean = scrub(context, child.textValue());
        if (clean == null) {
            return false;
        }
        replace.accept(TextNode.valueOf(clean));
        return true;
    }

    private boolean scrubField(ExecutionContext context, ObjectNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            return false;
        }
        String clean = scrub(context, v.textValue());
        if (clean == null) {
            return false;
        }
        node.put(field, clean);
        return true;
    }

    /** The scrubbed text, or null when it holds no marker; throws in reject mode. */
    private String scrub(ExecutionContext context, String text) {
        if (!DescriptionSanitizer.hasInjectionMarker(text)) {
            return null;
        }
        return switch (mode) {
            case STRIP -> DescriptionSanitizer.replaceInjectionMarkers(text, " ");
            case MARKER -> DescriptionSanitizer.replaceInjectionMarkers(text, MARKER);
            case REJECT -> throw new ExecutionDenied("Tool '" + context.tool().name()
                    + "' output contains prompt-injection markup", "output_guard_reject");
        };
    }
}
