package io.toolgate.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What one upstream listed, after ingest: tools the {@link AccessPolicy} filters out are dropped without a
 * trace; of the rest, tools with a valid name and schema are accepted, every other one is kept as a
 * {@link RejectedTool} with its reason. The digest covers the accepted tools.
 */
public record DomainCatalog(List<UpstreamTool> tools, List<RejectedTool> rejected, String digest) {

    private static final Logger LOG = LoggerFactory.getLogger(DomainCatalog.class);

    public static DomainCatalog ingest(String domain, List<JsonNode> listed, SchemaNormalizer normalizer,
                                       AccessPolicy policy) {
        List<UpstreamTool> accepted = new ArrayList<>();
        List<RejectedTool> rejected = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int filtered = 0;
        for (JsonNode raw : listed) {
            String name = raw.path("name").isTextual() ? raw.path("name").textValue() : "";
            if (raw.isObject() && ToolNaming.isValidName(name) && !policy.isAllowed(domain, name)) {
                filtered++;
                continue;
            }
            String reason = null;
            ObjectNode schema = null;
            if (!raw.isObject()) {
                reason = "descriptor is not a JSON object";
            } else if (!ToolNaming.isValidName(name)) {
                reason = "invalid_name: must match [A-Za-z0-9_.-]{1,128}";
            } else if (!seen.add(name)) {
                reason = "duplicate_name: listed twice by the upstream";
            } else {
                try {
                    schema = normalizer.normalize(raw.get("inputSchema"));
                } catch (SchemaNormalizer.InvalidSchemaException e) {
                    reason = "invalid_schema: " + e.getMessage();
                }
            }
            if (reason != null) {
                LOG.warn("Rejected tool: domain={} name={} reason={}", domain, name, reason);
                rejected.add(new RejectedTool(domain, name, reason));
                continue;
            }
            String rawDescription = raw.path("description").isTextual() ? raw.path("description").textValue() : "";
            accepted.add(new UpstreamTool(name, rawDescription, DescriptionSanitizer.sanitize(rawDescription),
                    raw.get("inputSchema"), schema, (ObjectNode) raw));
        }
        if (filtered > 0) {
            LOG.debug("Access policy filtered {} tools of domain {}", filtered, domain);
        }
        return new DomainCatalog(List.copyOf(accepted), List.copyOf(rejected), SchemaDigest.of(accepted));
    }
}
