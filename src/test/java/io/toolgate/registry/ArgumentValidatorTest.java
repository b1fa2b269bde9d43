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
        return ArgumentValidator.validate(Json.parse(args), Json.parse(SCHEMA));
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
        assertThat(ArgumentValidator.validate(Json.parse("{\"x\":1}"), Json.parse("{\"type\":\"object\",\"properties\":{}}"))).isEmpty();
    }
}
