package io.toolgate.error;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A group that does not exist in its domain. Code {@code group_not_found}. */
public class GroupNotFoundException extends GatewayException {

    public static final String CODE = "group_not_found";

    public GroupNotFoundException(String message, ObjectNode details) {
        super(CODE, message, details);
    }

    public GroupNotFoundException(String message, ObjectNode details, Throwable cause) {
        super(CODE, message, details, cause);
    }
}
