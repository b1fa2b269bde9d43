package io.toolgate.error;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A configured domain whose server has not answered the gateway's listing, so it has no tools now. Code {@code domain_unavailable}. */
public class DomainUnavailableException extends GatewayException {

    public static final String CODE = "domain_unavailable";

    public DomainUnavailableException(String message, ObjectNode details) {
        super(CODE, message, details);
    }
}
