package io.toolgate.registry;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AccessPolicyTest {

    @Test
    void globsFollowFnmatchAndAreCaseSensitive() {
        assertThat(AccessPolicy.glob("crm_get_*").matcher("crm_get_info").matches()).isTrue();
        assertThat(AccessPolicy.glob("crm_get_*").matcher("CRM_get_info").matches()).isFalse();
        assertThat(AccessPolicy.glob("deal?").matcher("deals").matches()).isTrue();
        assertThat(AccessPolicy.glob("deal?").matcher("deal").matches()).isFalse();
        assertThat(AccessPolicy.glob("v[12]_*").matcher("v2_list").matches()).isTrue();
        assertThat(AccessPolicy.glob("v[!12]_*").matcher("v2_list").matches()).isFalse();
        assertThat(AccessPolicy.glob("v[!12]_*").matcher("v3_list").matches()).isTrue();
        assertThat(AccessPolicy.glob("[]]x").matcher("]x").matches()).isTrue();
        assertThat(AccessPolicy.glob("a[b").matcher("a[b").matches()).isTrue();
        assertThat(AccessPolicy.glob("a.b+(c)").matcher("a.b+(c)").matches()).isTrue();
        assertThat(AccessPolicy.glob("a.b").matcher("axb").matches()).isFalse();
    }

    @Test
    void prefixedOrOriginalNameMatchesAndDenyWins() {
        AccessPolicy p = AccessPolicy.of(Map.of("crm", List.of("crm_contacts_*", "deals_list")),
                Map.of("crm", List.of("*_delete")), false);
        assertThat(p.isAllowed("crm", "contacts_search")).isTrue();
        assertThat(p.isAllowed("crm", "deals_list")).isTrue();
        assertThat(p.isAllowed("crm", "deals_create")).isFalse();
        assertThat(p.isAllowed("crm", "contacts_delete")).isFalse();
        assertThat(p.isAllowed("crm", "crm_contacts_get")).isTrue();
    }

    @Test
    void inlineAllowListRestrictsOnlyItsDomainButAPolicyFileIsExhaustive() {
        Map<String, List<String>> allow = Map.of("crm", List.of("contacts_*"));
        AccessPolicy inline = AccessPolicy.of(allow, Map.of(), false);
        AccessPolicy file = AccessPolicy.of(allow, Map.of(), true);
        assertThat(inline.isAllowed("analytics", "metrics_query")).isTrue();
        assertThat(file.isAllowed("analytics", "metrics_query")).isFalse();
        assertThat(file.isAllowed("crm", "contacts_search")).isTrue();
        assertThat(AccessPolicy.of(Map.of("crm", List.of()), Map.of(), false).isAllowed("crm", "anything")).isFalse();
        assertThat(AccessPolicy.of(Map.of(), Map.of("crm", List.of("*")), true).isAllowed("analytics", "x")).isTrue();
    }
}
