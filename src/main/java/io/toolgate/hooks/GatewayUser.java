package io.toolgate.hooks;

import java.util.Map;
import java.util.Set;

/**
 * The caller of one MCP request, as an authenticator established it: a subject, its scopes and the token's claims.
 * Hooks and visibility decisions see the same instance for the whole request.
 */
public record GatewayUser(String subject, Set<String> scopes, Map<String, Object> claims) {

    public GatewayUser {
        if (subject == null || subject.isBlank()) {
            throw new IllegalArgumentException("subject must not be blank");
        }
        scopes = scopes == null ? Set.of() : Set.copyOf(scopes);
        claims = claims == null ? Map.of() : Map.copyOf(claims);
    }

    public static GatewayUser of(String subject, String... scopes) {
        return new GatewayUser(subject, Set.of(scopes), Map.of());
    }

    public boolean hasScope(String scope) {
        return scopes.contains(scope);
    }
}
