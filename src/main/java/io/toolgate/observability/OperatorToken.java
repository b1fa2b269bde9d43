package io.toolgate.observability;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The bearer token that operator endpoints ({@code /metrics}, {@code /readyz?verbose}) require when one is configured
 * ({@code GATEWAY_OPERATOR_TOKEN}); without one they answer whoever reaches the gateway's address.
 */
public final class OperatorToken {

    private final byte[] expected;

    /** @param token the token, or null when operator endpoints are open */
    public OperatorToken(String token) {
        this.expected = token == null ? null : ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    }

    /** True when no token is configured, or {@code authorization} is {@code Bearer <token>} (compared in constant time). */
    public boolean permits(String authorization) {
        return expected == null
                || authorization != null && MessageDigest.isEqual(expected, authorization.getBytes(StandardCharsets.UTF_8));
    }

    public boolean required() {
        return expected != null;
    }
}
