package io.toolgate.error;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A domain that is not registered. Code {@code domain_not_found}. */
public class DomainNotFoundException extends GatewayException {

    public static final String CODE = "domain_not_found";

    public DomainNotFoundException(String message, ObjectNode details) {
        super(CODE, message, details);
    }

    public DomainNotFoundException(String message, ObjectNode details, Throwable cause) {
        super(CODE, message, details, cause);
    }
}
