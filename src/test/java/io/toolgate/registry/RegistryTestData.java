package io.toolgate.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.toolgate.json.Json;

import java.util.ArrayList;
import java.util.List;

/** Builds raw tools/list items and domain states for registry unit tests. */
final class RegistryTestData {

    private RegistryTestData() {
    }

    static JsonNode raw(String name, String description, String schema) {
        return Json.parse("{\"name\":\"" + name + "\",\"description\":\"" + description + "\",\"inputSchema\":" + schema + "}");
    }

    static List<JsonNode> raws(String... names) {
        List<JsonNode> out = new ArrayList<>();
        for (String n : names) {
            out.add(raw(n, "Tool " + n + ".", "{\"type\":\"object\",\"properties\":{}}"));
        }
        return out;
    }

    static DomainState domain(String name, String description, String... tools) {
        DomainCatalog catalog = tools.length == 0 ? null
                : DomainCatalog.ingest(name, raws(tools), new SchemaNormalizer(10), AccessPolicy.ALLOW_ALL);
        return new DomainState(name, "mcp-upstream:" + name, description, catalog, null, null);
    }
}
