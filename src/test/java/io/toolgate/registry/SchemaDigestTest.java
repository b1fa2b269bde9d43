package io.toolgate.registry;

import io.toolgate.json.Json;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SchemaDigestTest {

    private static UpstreamTool tool(String name, String description, String schema) {
        return new UpstreamTool(name, description, description, Json.parse(schema), null, null);
    }

    @Test
    void emptySetIsSha256OfEmptyString() {
        assertThat(SchemaDigest.of(List.of())).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void canonicalFormSortsKeysAtEveryLevelAndKeepsUnicode() {
        assertThat(SchemaDigest.line(tool("t", "caf\u00e9 \"q\"", "{\"b\":{\"z\":1,\"a\":[true,null]},\"a\":\"x\"}")))
                .isEqualTo("{\"d\":\"caf\u00e9 \\\"q\\\"\",\"n\":\"t\",\"s\":{\"a\":\"x\",\"b\":{\"a\":[true,null],\"z\":1}}}");
    }

    @Test
    void orderOfToolsDoesNotMatterButContentDoes() {
        UpstreamTool a = tool("a", "A", "{}");
        UpstreamTool b = tool("b", "B", "{}");
        assertThat(SchemaDigest.of(List.of(a, b))).isEqualTo(SchemaDigest.of(List.of(b, a)));
        assertThat(SchemaDigest.of(List.of(a, b))).isNotEqualTo(SchemaDigest.of(List.of(a, tool("b", "B2", "{}"))));
    }
}
