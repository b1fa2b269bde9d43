package io.toolgate.error;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Root of every failure the gateway reports to a caller. Each subclass carries its error code; the JSON body
 * {@code {"error","code","details"}} is produced in one place, {@link ToolErrors}.
 */
public class GatewayException extends RuntimeException {

    private final String code;
    private final transient ObjectNode details;

    public GatewayException(String code, String message, ObjectNode details) {
        super(message);
        this.code = code;
        this.details = details;
    }

    public GatewayException(String code, String message, ObjectNode details, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.details = details;
    }

    public String code() {
        return code;
    }

    /** The {@code details} object of the error body, or null. */
    public ObjectNode details() {
        return details;
    }
}
