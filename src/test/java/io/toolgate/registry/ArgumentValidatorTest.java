package io.toolgate.registry;

import io.toolgate.json.Json;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ArgumentValidatorTest {

    private static final String SCHEMA = """
            {"type":"object","additionalProperties":false,"required":["q"],"properties":{
              "q":{"type":"string"},"n":{"type":"integer"},"f":{"type":"number"},"b":{"type":["boolean","null"]},
              "s":{"type":"string","enum":["a","b"]},
              "o":{"type":"object","required":["k"],"additionalProperties":false,"properties":{"k":{"type":"integer"}}},
              "l":{"type":"array","items":{"type":"string"}}}}""";

    private static List<String> check(String args) {
        return ArgumentValidator.compile("t", Json.parse(SCHEMA)).validate(Json.parse(args));
    }

    @Test
    void validArgumentsPass() {
        assertThat(check("{\"q\":\"x\",\"n\":2,\"f\":1.5,\"b\":null,\"s\":\"a\",\"o\":{\"k\":1},\"l\":[\"a\"]}")).isEmpty();
        assertThat(check("{\"q\":\"x\",\"n\":2.0}")).isEmpty();
    }

    @Test
    void reportsEveryViolationWithItsPath() {
        assertThat(check("{\"n\":\"2\",\"zz\":1,\"aa\":2,\"s\":\"c\",\"o\":{\"x\":1},\"l\":[1]}")).containsExactly(
                "missing required argument 'q'",
                "'n' must be integer, got string",
                "'s' must be one of \"a\", \"b\"",
                "missing required argument 'o.k'",
                "unknown argument 'o.x'",
                "'l[0]' must be string, got integer",
                "unknown argument 'aa'",
                "unknown argument 'zz'");
        assertThat(check("{\"q\":\"x\",\"n\":1.5,\"b\":\"yes\"}"))
                .containsExactly("'n' must be integer, got number", "'b' must be boolean or null, got string");
    }

    @Test
    void unknownKeysAllowedUnlessClosed() {
        assertThat(ArgumentValidator.compile("t", Json.parse("{\"type\":\"object\",\"properties\":{}}")).validate(Json.parse("{\"x\":1}"))).isEmpty();
    }

    private static List<String> check(String schema, String args) {
        return ArgumentValidator.compile("t", Json.parse(schema)).validate(Json.parse(args));
    }

    @Test
    void aWrongValueReportsOnlyItsType() {
        String schema = """
                {"type":"object","properties":{"s":{"type":"string","enum":["a"]},
                 "o":{"type":"string","required":["k"],"properties":{"k":{"type":"integer"}}},
                 "e":{"enum":["a"],"required":["k"],"properties":{"k":{"type":"integer"}}}}}""";
        assertThat(check(schema, "{\"s\":5,\"o\":{\"k\":\"x\"},\"e\":{\"k\":\"x\"}}")).containsExactly(
                "'s' must be string, got integer", "'o' must be string, got object", "'e' must be one of \"a\"");
    }

    @Test
    void typesJsonSchemaDoesNotNameAndEnumsThatAreNoListAcceptAnything() {
        String schema = """
                {"type":"object","properties":{"a":{"type":"int"},"b":{"type":["string","float"]},"c":{"type":[]},
                 "d":{"type":5},"e":{"enum":"x"},"f":{"type":"any"}}}""";
        assertThat(check(schema, "{\"a\":\"x\",\"b\":1,\"c\":1,\"d\":1,\"e\":1,\"f\":1}")).isEmpty();
    }

    @Test
    void enumNumbersCompareByValueAndRepeatedRequiredNamesReportOnce() {
        assertThat(check("{\"type\":\"object\",\"properties\":{\"n\":{\"enum\":[1,2]}}}", "{\"n\":2}")).isEmpty();
        assertThat(check("{\"type\":\"object\",\"required\":[\"q\",\"q\"]}", "{}"))
                .containsExactly("missing required argument 'q'");
    }

    @Test
    void dollarSchemaChangesNothingAndIsNeverFetched() {
        for (String dialect : List.of("http://json-schema.org/draft-04/schema#", "https://json-schema.org/draft/2020-12/schema",
                "http://127.0.0.1:1/unreachable-meta-schema.json")) {
            String schema = "{\"$schema\":\"" + dialect + "\",\"$id\":\"ToolInput\",\"type\":\"object\","
                    + "\"properties\":{\"n\":{\"type\":\"integer\"},\"l\":{\"type\":\"array\",\"items\":[{\"type\":\"string\"}]}}}";
            assertThat(check(schema, "{\"n\":2.0,\"l\":[\"a\",1]}")).as(dialect).isEmpty();
            assertThat(check(schema, "{\"n\":\"2\",\"l\":[1]}")).as(dialect)
                    .containsExactly("'n' must be integer, got string", "'l[0]' must be string, got integer");
        }
    }

    @Test
    void keywordsBeyondTypesRequiredEnumsAndClosedObjectsAreLeftToTheUpstream() {
        String schema = """
                {"type":"object","properties":{"n":{"type":"integer","minimum":1},"s":{"type":"string","pattern":"^a","format":"email"},
                 "u":{"anyOf":[{"type":"string"},{"type":"integer"}]},"x":false,"q":{"type":"string"}}}""";
        assertThat(check(schema, "{\"n\":0,\"s\":\"b\",\"u\":true,\"x\":1,\"q\":1}"))
                .containsExactly("'q' must be string, got integer");
    }

    @Test
    void aSchemaTheValidatorCannotCompileIsNotChecked() {
        assertThat(check("{\"type\":\"object\",\"required\":[\"q\"],\"properties\":{\"q\":\"string\"}}", "{}")).isEmpty();
    }
}
