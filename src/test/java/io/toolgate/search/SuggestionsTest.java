package io.toolgate.search;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SuggestionsTest {

    private static final List<String> NAMES = List.of("apollo_people_search", "apollo_people_enrich", "apollo_org_search",
            "apollo_org_enrich", "hubspot_contacts_search", "hubspot_contacts_create", "hubspot_deals_list");

    @Test
    void closeNamesAreSuggestedAndUnrelatedOnesAreNot() {
        assertThat(Suggestions.forName("apollo_search", NAMES))
                .containsExactly("apollo_org_search", "apollo_people_search", "apollo_org_enrich");
        assertThat(Suggestions.forName("salesforce_crm", NAMES)).isEmpty();
        assertThat(Suggestions.forName("a", NAMES)).hasSize(3).containsExactly("apollo_org_enrich", "apollo_org_search", "apollo_people_enrich");
    }

    @Test
    void nearNamesComeFirst() {
        List<String> names = List.of("fs_read_file", "fs_read_multiple_files", "fs_write_file", "fs_list_directory",
                "git_stash", "git_status");
        assertThat(Suggestions.forName("fs_readfile", names)).first().isEqualTo("fs_read_file");
        assertThat(Suggestions.forName("FS-Read-File", names)).first().isEqualTo("fs_read_file");
        assertThat(Suggestions.forName("fs_raed_file", names)).first().isEqualTo("fs_read_file");
        assertThat(Suggestions.forName("git_stahs", names)).first().isEqualTo("git_stash");
        assertThat(Suggestions.forName("gti", names)).isEmpty();
    }

    @Test
    void aNameLongerThanAnyToolNameGetsNoSuggestions() {
        String junk = "_x".repeat(120);

        assertThat(Suggestions.forName("apollo_people_search" + junk.substring(0, 236), NAMES)).isNotEmpty();
        assertThat(Suggestions.forName("apollo_people_search" + junk.substring(0, 237), NAMES)).isEmpty();
    }

    @Test
    void hint() {
        assertThat(Suggestions.hint(List.of("a", "b"))).isEqualTo("Did you mean 'a', 'b'?");
        assertThat(Suggestions.hint(List.of())).isEqualTo("Use discover_tools to browse available tools.");
    }
}
