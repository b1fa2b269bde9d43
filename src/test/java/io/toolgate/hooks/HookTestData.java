package io.toolgate.hooks;

import io.toolgate.json.Json;
import io.toolgate.registry.AccessPolicy;
import io.toolgate.registry.DomainCatalog;
import io.toolgate.registry.DomainState;
import io.toolgate.registry.RegistrySnapshot;
import io.toolgate.registry.SchemaNormalizer;
import io.toolgate.registry.ToolNaming;

import java.util.List;

/** A registry with domain "crm" exposing crm_contacts_search and crm_contacts_delete. */
final class HookTestData {

    private HookTestData() {
    }

    static RegistrySnapshot snapshot() {
        return RegistrySnapshot.build(List.of(new DomainState("crm", "mcp-upstream:crm", null,
                DomainCatalog.ingest("crm", List.of(
                        Json.parse("{\"name\":\"contacts_search\",\"inputSchema\":{\"type\":\"object\"}}"),
                        Json.parse("{\"name\":\"contacts_delete\",\"inputSchema\":{\"type\":\"object\"}}")),
                        new SchemaNormalizer(10), AccessPolicy.ALLOW_ALL), null, null)), ToolNaming.PREFIXED, null);
    }
}
