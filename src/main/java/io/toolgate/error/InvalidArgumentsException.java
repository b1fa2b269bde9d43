package io.toolgate.error;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Arguments that do not fit the tool's or meta-tool's schema. Code {@code invalid_arguments}. */
public class InvalidArgumentsException extends GatewayException {

    public static final String CODE = "invalid_arguments";

    public InvalidArgumentsException(String message, ObjectNode details) {
        super(CODE, message, details);
    }

    public InvalidArgumentsException(String message, ObjectNode details, Throwable cause) {
        super(CODE, message, details, cause);
    }
}
