package io.toolgate.registration;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.toolgate.json.Json;

/**
 * A registration request that ends with an HTTP error: the status and the JSON body {@code {"error","code",…}} the
 * caller gets, and the {@code Retry-After} seconds for 503.
 */
public final class RegistrationException extends Exception {

    private final int status;
    private final ObjectNode body;
    private final int retryAfterSeconds;

    public RegistrationException(int status, String code, String message) {
        this(status, body(code, message), 0);
    }

    public RegistrationException(int status, ObjectNode body, int retryAfterSeconds) {
        super(body.path("error").asText(), null, false, false);
        this.status = status;
        this.body = body;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static ObjectNode body(String code, String message) {
        ObjectNode b = Json.object();
        b.put("error", message);
        b.put("code", code);
        return b;
    }

    public int status() {
        return status;
    }

    public ObjectNode body() {
        return body;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
