package io.toolgate.error;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A tool name that is unknown or hidden from the caller. Code {@code tool_not_found}. */
public class ToolNotFoundException extends GatewayException {

    public static final String CODE = "tool_not_found";

    public ToolNotFoundException(String message, ObjectNode details) {
        super(CODE, message, details);
    }

    public ToolNotFoundException(String message, ObjectNode details, Throwable cause) {
        super(CODE, message, details, cause);
    }
}
