package io.toolgate.auth;

import java.net.URI;
import java.security.PublicKey;
import java.util.List;
import java.util.Set;

/**
 * Inbound JWT bearer authentication ({@code GATEWAY_JWT_*}): the expected issuer, the audience (or {@code null} to
 * skip the check), where the verification keys come from (a JWKS URL, or one PEM public key), the scopes every token
 * must carry, the clock leeway, and the public URL of {@code /mcp} for RFC 9728 metadata (or {@code null} to derive it
 * from the request), and the token algorithms accepted ({@link JwtAuthenticator#SUPPORTED_ALGORITHMS} when empty).
 */
public record JwtSettings(String issuer, String audience, URI jwksUrl, PublicKey publicKey, List<String> requiredScopes,
                          long leewaySeconds, String resourceUrl, Set<String> algorithms) {
}
