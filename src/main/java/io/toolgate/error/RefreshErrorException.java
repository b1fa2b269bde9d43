package io.toolgate.error;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A registry refresh that failed as a whole. Code {@code refresh_error}. */
public class RefreshErrorException extends GatewayException {

    public static final String CODE = "refresh_error";

    public RefreshErrorException(String message, ObjectNode details) {
        super(CODE, message, details);
    }

    public RefreshErrorException(String message, ObjectNode details, Throwable cause) {
        super(CODE, message, details, cause);
    }
}
