package io.toolgate.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import io.toolgate.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ParamHeadersTest {

    private static JsonNode tool(String properties) {
        return Json.parse("{\"name\":\"t\",\"inputSchema\":{\"type\":\"object\",\"properties\":" + properties + "}}");
    }

    @Test
    void declaredArgumentsMapToTheirHeaderNames() {
        assertThat(ParamHeaders.declared(tool("{\"region\":{\"type\":\"string\",\"x-mcp-header\":\"Region\"},"
                + "\"n\":{\"type\":\"integer\",\"x-mcp-header\":\"N\"},\"q\":{\"type\":\"string\"}}")))
                .containsExactly(Map.entry("region", "Region"), Map.entry("n", "N"));
        assertThat(ParamHeaders.declared(Json.parse("{\"name\":\"t\"}"))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"v\":{\"type\":\"string\",\"x-mcp-header\":\"\"}}",
            "{\"v\":{\"type\":\"string\",\"x-mcp-header\":\"My Region\"}}",
            "{\"v\":{\"type\":\"string\",\"x-mcp-header\":\"Region:Primary\"}}",
            "{\"v\":{\"type\":\"string\",\"x-mcp-header\":\"Région\"}}",
            "{\"v\":{\"type\":\"string\",\"x-mcp-header\":\"Region\\t1\"}}",
            "{\"v\":{\"type\":\"string\",\"x-mcp-header\":7}}",
            "{\"v\":{\"type\":\"object\",\"x-mcp-header\":\"Data\"}}",
            "{\"v\":{\"type\":\"array\",\"x-mcp-header\":\"Items\"}}",
            "{\"v\":{\"type\":\"number\",\"x-mcp-header\":\"Score\"}}",
            "{\"a\":{\"type\":\"string\",\"x-mcp-header\":\"MyField\"},\"b\":{\"type\":\"string\",\"x-mcp-header\":\"myfield\"}}"})
    void invalidDeclarationsAreRefused(String properties) {
        assertThatThrownBy(() -> ParamHeaders.declared(tool(properties))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void valuesArePlainWhenTheyCanBeAndBase64Otherwise() {
        assertThat(ParamHeaders.encode(Json.parse("\"us west 1\""))).isEqualTo("us west 1");
        assertThat(ParamHeaders.encode(Json.parse("42"))).isEqualTo("42");
        assertThat(ParamHeaders.encode(Json.parse("false"))).isEqualTo("false");
        assertThat(ParamHeaders.encode(Json.parse("\"\""))).isEqualTo("");
        assertThat(ParamHeaders.encode(Json.parse("null"))).isNull();
        assertThat(ParamHeaders.encode(Json.parse("\" padded \""))).isEqualTo("=?base64?IHBhZGRlZCA=?=");
        assertThat(ParamHeaders.encode(Json.parse("\"Hello, 世界\""))).isEqualTo("=?base64?SGVsbG8sIOS4lueVjA==?=");
        assertThat(ParamHeaders.encode(Json.parse("\"line1\\nline2\""))).startsWith("=?base64?");
        assertThat(ParamHeaders.encode(Json.parse("\"=?base64?abc?=\""))).as("never ambiguous").isEqualTo("=?base64?PT9iYXNlNjQ/YWJjPz0=?=");
    }
}
