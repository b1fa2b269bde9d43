package io.toolgate.registry;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.toolgate.registry.RegistryTestData.domain;
import static org.assertj.core.api.Assertions.assertThat;

class RegistrySnapshotTest {

    @Test
    void prefixedNamingAndGroups() {
        RegistrySnapshot s = RegistrySnapshot.build(List.of(
                domain("apollo", null, "apollo_people_search", "search_people", "apollo_"),
                domain("sec-edgar", null, "sec-edgar_filings_search")), ToolNaming.PREFIXED, null);
        assertThat(s.tools().keySet()).containsExactly("apollo_", "apollo_people_search", "apollo_search_people",
                "sec-edgar_filings_search");
        assertThat(s.tool("apollo_people_search").group()).isEqualTo("people");
        assertThat(s.tool("apollo_search_people").group()).isEqualTo("general");
        assertThat(s.tool("apollo_search_people").originalName()).isEqualTo("search_people");
        assertThat(s.tool("apollo_").group()).isEqualTo("general");
        assertThat(s.tool("sec-edgar_filings_search").group()).isEqualTo("filings");
    }

    @Test
    void collisionNamingDoesNotDependOnOrder() {
        List<DomainState> ab = List.of(domain("a", null, "search", "only_a"), domain("b", null, "search"));
        List<DomainState> ba = List.of(ab.get(1), ab.get(0));
        RegistrySnapshot s1 = RegistrySnapshot.build(ab, ToolNaming.COLLISION, null);
        RegistrySnapshot s2 = RegistrySnapshot.build(ba, ToolNaming.COLLISION, null);
        assertThat(s1.tools().keySet()).containsExactly("a_search", "b_search", "only_a").isEqualTo(s2.tools().keySet());
    }

    @Test
    void exposedNameConflictsAreRejectedAndListed() {
        RegistrySnapshot s = RegistrySnapshot.build(List.of(domain("a", null, "b_c"), domain("a_b", null, "c")),
                ToolNaming.PREFIXED, null);
        assertThat(s.tool("a_b_c").domain()).isEqualTo("a");
        assertThat(s.rejected("a_b")).containsExactly(new RejectedTool("a_b", "c",
                "name_conflict: 'a_b_c' is already exposed by domain 'a'"));
    }

    @Test
    void domainsExistOnlyWithToolsAndInstructionsFollowTheRegistry() {
        RegistrySnapshot empty = RegistrySnapshot.build(List.of(domain("down", null)), ToolNaming.PREFIXED, null);
        assertThat(empty.hasDomain("down")).isFalse();
        assertThat(empty.instructions()).startsWith("You have access to a tool discovery gateway with 3 tools:");

        RegistrySnapshot s = RegistrySnapshot.build(List.of(domain("crm", "CRM system", "crm_a", "crm_b"),
                domain("analytics", null, "analytics_x")), ToolNaming.PREFIXED, null);
        assertThat(s.instructions()).isEqualTo("""
                You have access to a tool discovery gateway with tools across these domains:

                - **analytics** (1 tool)
                - **crm** (2 tools) \u2014 CRM system

                Workflow: discover_tools() \u2192 get_tool_schema() \u2192 execute_tool()
                Use `discover_tools(domain="...")` to see tools in a specific domain.
                Skip discovery for tools you've already used in this conversation.""");
        assertThat(RegistrySnapshot.build(List.of(), ToolNaming.PREFIXED, "Custom").instructions()).isEqualTo("Custom");
    }

    @Test
    void ingestRejectsInvalidNamesSchemasAndDuplicates() {
        DomainCatalog c = DomainCatalog.ingest("x", List.of(
                RegistryTestData.raw("ok", "", "{\"type\":\"object\"}"),
                RegistryTestData.raw("ok", "", "{\"type\":\"object\"}"),
                RegistryTestData.raw("bad name", "", "{\"type\":\"object\"}"),
                RegistryTestData.raw("arr", "", "{\"type\":\"array\"}")), new SchemaNormalizer(10), AccessPolicy.ALLOW_ALL);
        assertThat(c.tools()).extracting(UpstreamTool::name).containsExactly("ok");
        assertThat(c.rejected()).extracting(RejectedTool::reason).containsExactly(
                "duplicate_name: listed twice by the upstream",
                "invalid_name: must match [A-Za-z0-9_.-]{1,128}",
                "invalid_schema: root type is \"array\", expected \"object\"");
    }

    @Test
    void argumentChecksAreCompiledOncePerSnapshot() {
        List<DomainState> domains = List.of(domain("crm", null, "crm_a", "crm_b"));
        RegistrySnapshot first = RegistrySnapshot.build(domains, ToolNaming.PREFIXED, null);
        RegistrySnapshot next = RegistrySnapshot.build(domains, ToolNaming.PREFIXED, null);
        ToolEntry a = first.tool("crm_a");
        ArgumentValidator check = first.argumentValidator(a);
        assertThat(first.argumentValidator(a)).isSameAs(check);
        assertThat(first.argumentValidator(first.tool("crm_b"))).isNotSameAs(check);
        assertThat(next.argumentValidator(next.tool("crm_a"))).isNotSameAs(check)
                .isSameAs(next.argumentValidator(next.tool("crm_a")));
        assertThat(next.argumentValidator(a)).isNotSameAs(next.argumentValidator(a))
                .isNotSameAs(next.argumentValidator(next.tool("crm_a")));
    }
}
