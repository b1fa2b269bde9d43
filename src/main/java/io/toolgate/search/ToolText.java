package io.toolgate.search;

import com.fasterxml.jackson.databind.JsonNode;
import io.toolgate.registry.ToolEntry;

import java.util.Iterator;
import java.util.Map;

/**
 * The text of one tool that search reads, field by field.
 *
 * @param upstreamName      the upstream's own name of the tool
 * @param name              the exposed and the upstream name
 * @param title             {@code title} or {@code annotations.title}, or empty
 * @param description       the sanitized description
 * @param parameterNames    the names of the top-level parameters
 * @param parameterDetails  the descriptions and enum values of the top-level parameters
 * @param domain            the domain's name and its operator description
 */
public record ToolText(String upstreamName, String name, String title, String description, String parameterNames, String parameterDetails,
                       String domain) {

    /** Characters of the description that go into the embedding model's input. */
    static final int EMBEDDED_DESCRIPTION_CHARS = 600;

    public static ToolText of(ToolEntry tool, String domainDescription) {
        JsonNode descriptor = tool.tool().descriptor();
        String title = descriptor.path("title").asText(descriptor.path("annotations").path("title").asText(""));
        StringBuilder names = new StringBuilder();
        StringBuilder details = new StringBuilder();
        for (Iterator<Map.Entry<String, JsonNode>> it = tool.schema().path("properties").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            names.append(p.getKey()).append(' ');
            details.append(p.getValue().path("description").asText("")).append(' ');
            for (JsonNode v : p.getValue().path("enum")) {
                details.append(v.asText("")).append(' ');
            }
        }
        String original = tool.originalName().equals(tool.name()) ? "" : " " + tool.originalName();
        return new ToolText(tool.originalName(), tool.name() + original, title, tool.description(), names.toString().trim(),
                details.toString().trim(), tool.domain() + (domainDescription == null ? "" : " " + domainDescription));
    }

    /**
     * What the embedding model reads: the upstream name as words, the title and the start of the description. The
     * domain is left out, so the same tool served under several domains shares one vector; domain evidence is counted
     * apart.
     */
    public String embeddingInput() {
        StringBuilder s = new StringBuilder(String.join(" ", Terms.words(upstreamName)));
        if (!title.isBlank()) {
            s.append(". ").append(title);
        }
        String d = description.strip();
        if (!d.isEmpty()) {
            s.append(": ").append(d.length() > EMBEDDED_DESCRIPTION_CHARS ? d.substring(0, EMBEDDED_DESCRIPTION_CHARS) : d);
        }
        return s.toString();
    }
}
