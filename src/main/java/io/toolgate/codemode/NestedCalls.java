package io.toolgate.codemode;

import com.fasterxml.jackson.databind.JsonNode;

/** Executes the nested tool calls of a code-mode run on the gateway side. */
@FunctionalInterface
public interface NestedCalls {

    /**
     * Calls a tool for the running code. A {@link io.toolgate.error.GatewayException} becomes a catchable error
     * carrying its code, message and details inside the sandbox.
     *
     * @return the value the code's {@code await} resolves to
     */
    JsonNode call(String tool, JsonNode arguments);
}
