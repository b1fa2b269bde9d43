package io.toolgate.error;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** An upstream that could not be reached or answered with a protocol error. Code {@code execution_error}. */
public class ExecutionErrorException extends GatewayException {

    public static final String CODE = "execution_error";

    public ExecutionErrorException(String message, ObjectNode details) {
        super(CODE, message, details);
    }

    public ExecutionErrorException(String message, ObjectNode details, Throwable cause) {
        super(CODE, message, details, cause);
    }
}
