package io.toolgate.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.toolgate.json.Json;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SignaturesTest {

    private static ToolEntry tool(String name, String description, String schema) {
        ObjectNode s = (ObjectNode) Json.parse(schema);
        return new ToolEntry(name, "d", "general", new UpstreamTool(name, description, description, s, s, Json.object()));
    }

    @Test
    void requiredFirstInOrderThenOptionalSortedWithDefaults() {
        assertThat(Signatures.render(tool("crm_contacts_search", "Search contacts by name or email.", """
                {"type":"object","properties":{"limit":{"type":"integer","default":10},"query":{"type":"string"},"a":{"type":"boolean"}},
                 "required":["query","query","ghost"]}""")))
                .isEqualTo("""
                        /** Search contacts by name or email. */
                        declare function crm_contacts_search(args: { query: string; a?: boolean; limit?: number /* default: 10 */ }): Promise<any>;""");
    }

    @Test
    void typesEnumsUnionsArraysAndObjects() {
        String schema = """
                {"type":"object","properties":{
                  "status":{"type":"string","enum":["open","closed"]},
                  "maybe":{"anyOf":[{"type":"string"},{"type":"null"}]},
                  "ids":{"type":"array","items":{"type":["integer","string"]}},
                  "any":{},
                  "filter":{"type":"object","properties":{"k":{"type":"string"}},"required":["k"]},
                  "bag":{"type":"object"},
                  "weird-name":{"const":3}},
                 "required":["status"]}""";
        assertThat(Signatures.render(tool("t", "", schema))).isEqualTo(
                "declare function t(args: { status: \"open\" | \"closed\"; any?: any; bag?: Record<string, any>; "
                        + "filter?: { k: string }; ids?: (number | string)[]; maybe?: string | null; \"weird-name\"?: 3 }): Promise<any>;");
    }

    @Test
    void noParametersAndJoinedEntries() {
        ToolEntry a = tool("a", "", "{\"type\":\"object\"}");
        ToolEntry b = tool("b", "B.", "{\"type\":\"object\",\"properties\":{}}");
        assertThat(Signatures.render(java.util.List.of(a, b)))
                .isEqualTo("declare function a(args?: {}): Promise<any>;\n\n/** B. */\ndeclare function b(args?: {}): Promise<any>;");
    }

    @Test
    void functionNamesAreJavaScriptIdentifiersThatExecuteCodeOffers() {
        assertThat(Signatures.functionName("crm_contacts_search")).isEqualTo("crm_contacts_search");
        assertThat(Signatures.functionName("everything_get-sum")).isEqualTo("everything_get_sum");
        assertThat(Signatures.functionName("a.b/c d")).isEqualTo("a_b_c_d");
        assertThat(Signatures.functionName("3d_print")).isEqualTo("_3d_print");
        assertThat(Signatures.functionName("delete")).isEqualTo("delete_");
        assertThat(Signatures.functionName("console")).isEqualTo("console_");
        assertThat(Signatures.functionName("caf\u00e9")).isEqualTo("caf_");
    }
}
