package io.toolgate.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One tool as its upstream listed it, accepted at ingest.
 *
 * @param name           the upstream's own name, sent back on {@code tools/call}
 * @param rawDescription the description as sent (part of the digest)
 * @param description    the sanitized description shown to callers
 * @param rawSchema      the {@code inputSchema} as sent (part of the digest)
 * @param schema         the normalized schema: local references resolved, root typed
 * @param descriptor     the whole upstream descriptor, kept as JSON so no field is lost
 */
public record UpstreamTool(String name, String rawDescription, String description, JsonNode rawSchema,
                           ObjectNode schema, ObjectNode descriptor) {
}
