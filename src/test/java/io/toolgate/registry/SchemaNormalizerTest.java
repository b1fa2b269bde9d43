package io.toolgate.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.toolgate.json.Json;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SchemaNormalizerTest {

    private final SchemaNormalizer normalizer = new SchemaNormalizer(SchemaNormalizer.DEFAULT_MAX_DEPTH);

    private ObjectNode normalize(String json) throws Exception {
        return normalizer.normalize(Json.parse(json));
    }

    @Test
    void rootWithoutTypeBecomesObjectAndMissingSchemaIsEmptyObject() throws Exception {
        assertThat(normalize("{\"properties\":{\"q\":{\"type\":\"string\"}}}"))
                .isEqualTo(Json.parse("{\"type\":\"object\",\"properties\":{\"q\":{\"type\":\"string\"}}}"));
        assertThat(normalizer.normalize(null)).isEqualTo(Json.parse("{\"type\":\"object\"}"));
    }

    @Test
    void localReferencesAreInlinedAndDefinitionsDropped() throws Exception {
        ObjectNode s = normalize("""
                {"type":"object","$defs":{"P":{"type":"object","properties":{"n":{"type":"string"}}}},
                 "definitions":{"Q":{"type":"integer"}},
                 "properties":{"p":{"$ref":"#/$defs/P","description":"person"},"q":{"$ref":"#/definitions/Q"},
                               "list":{"type":"array","items":{"$ref":"#/$defs/P"}}}}""");
        assertThat(s.has("$defs")).isFalse();
        assertThat(s.has("definitions")).isFalse();
        assertThat(s.at("/properties/p")).isEqualTo(Json.parse(
                "{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"string\"}},\"description\":\"person\"}"));
        assertThat(s.at("/properties/q")).isEqualTo(Json.parse("{\"type\":\"integer\"}"));
        assertThat(s.at("/properties/list/items/properties/n/type").asText()).isEqualTo("string");
    }

    @Test
    void rejectsWhatCannotBeServedSafely() {
        assertThatThrownBy(() -> normalize("[1]")).hasMessage("inputSchema is not a JSON object");
        assertThatThrownBy(() -> normalize("{\"type\":\"array\"}")).hasMessageContaining("root type");
        assertThatThrownBy(() -> normalize("{\"properties\":{\"a\":{\"$ref\":\"https://x/s.json\"}}}"))
                .hasMessage("non-local $ref https://x/s.json");
        assertThatThrownBy(() -> normalize("{\"properties\":{\"a\":{\"$ref\":\"#/$defs/none\"}}}"))
                .hasMessage("unresolvable $ref #/$defs/none");
        assertThatThrownBy(() -> normalize("{\"$defs\":{\"N\":{\"properties\":{\"n\":{\"$ref\":\"#/$defs/N\"}}}},\"properties\":{\"n\":{\"$ref\":\"#/$defs/N\"}}}"))
                .hasMessage("recursive $ref #/$defs/N");
    }

    @Test
    void depthCountsSchemaLevelsAndSeesThroughOptionalWrappers() throws Exception {
        String arrayOfObjects = "{\"type\":\"object\",\"properties\":{\"rows\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"string\"}}}}}}";
        assertThat(SchemaNormalizer.depth(Json.parse(arrayOfObjects), 0, 0)).isEqualTo(6);
        assertThat(normalize(arrayOfObjects)).isNotNull();
        assertThatThrownBy(() -> new SchemaNormalizer(5).normalize(Json.parse(arrayOfObjects)))
                .hasMessage("schema nesting deeper than 5");
        String optional = "{\"type\":\"object\",\"properties\":{\"q\":{\"anyOf\":[{\"type\":\"string\"},{\"type\":\"null\"}]}}}";
        assertThat(SchemaNormalizer.depth(Json.parse(optional), 0, 0)).isEqualTo(3);
        assertThat(SchemaNormalizer.depth(Json.parse("{\"type\":\"object\",\"properties\":{\"q\":{\"type\":\"string\"}}}"), 0, 0)).isEqualTo(3);
    }

    @Test
    void referenceBombsAreBounded() {
        StringBuilder defs = new StringBuilder("{\"$defs\":{\"d0\":{\"type\":\"string\"}");
        for (int i = 1; i < 30; i++) {
            defs.append(",\"d").append(i).append("\":{\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"#/$defs/d")
                    .append(i - 1).append("\"},\"b\":{\"$ref\":\"#/$defs/d").append(i - 1).append("\"}}}");
        }
        defs.append("},\"properties\":{\"x\":{\"$ref\":\"#/$defs/d29\"}}}");
        assertThatThrownBy(() -> normalize(defs.toString())).hasMessageContaining("schema larger than");
    }
}
