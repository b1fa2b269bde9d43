package io.toolgate.search;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.toolgate.Json;
import io.toolgate.registry.ToolEntry;
import io.toolgate.registry.UpstreamTool;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SearchIndexTest {

    private static ToolEntry tool(String name, String description, String... params) {
        ObjectNode schema = Json.object();
        ObjectNode props = schema.putObject("properties");
        for (String p : params) {
            props.putObject(p).put("type", "string");
        }
        return new ToolEntry(name, "d", "g", new UpstreamTool(name, description, description, schema, schema, Json.object()));
    }

    private static final SearchIndex INDEX = new SearchIndex(List.of(
            tool("crm_contacts_search", "Search contacts by name or email.", "query", "limit"),
            tool("crm_contacts_create", "Create a new contact.", "name", "email"),
            tool("crm_deals_list", "List deals by status.", "status"),
            tool("analytics_metrics_query", "Query a specific metric.", "metric"),
            tool("weather_get", "Forecast for a city.", "postalCode")));

    private static List<String> search(String q) {
        return INDEX.search(q, 20, t -> true).stream().map(ToolEntry::name).toList();
    }

    @Test
    void allWordsMustMatchAndNameMatchesRankFirst() {
        assertThat(search("contacts search")).containsExactly("crm_contacts_search");
        assertThat(search("CONTACTS")).containsExactly("crm_contacts_create", "crm_contacts_search");
        assertThat(search("metric")).containsExactly("analytics_metrics_query");
        assertThat(search("zzz_none")).isEmpty();
    }

    @Test
    void pluralsPrefixesTyposAndParameterNames() {
        assertThat(search("deal")).containsExactly("crm_deals_list");
        assertThat(search("metrics queries")).containsExactly("analytics_metrics_query");
        assertThat(search("contcts")).containsExactly("crm_contacts_create", "crm_contacts_search");
        assertThat(search("forec")).containsExactly("weather_get");
        assertThat(search("postal code")).containsExactly("weather_get");
        assertThat(search("email")).containsExactly("crm_contacts_create", "crm_contacts_search");
    }

    @Test
    void naturalLanguageFallsBackToBestPartialMatches() {
        assertThat(search("a tool to find the weather in a city")).startsWith("weather_get");
        assertThat(search("the")).isEmpty();
    }

    @Test
    void limitAndVisibility() {
        assertThat(INDEX.search("crm", 1, t -> true)).hasSize(1);
        assertThat(INDEX.search("contacts", 20, t -> !t.name().endsWith("create"))).extracting(ToolEntry::name)
                .containsExactly("crm_contacts_search");
    }
}
