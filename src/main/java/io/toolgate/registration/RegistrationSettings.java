package io.toolgate.registration;

import io.toolgate.auth.JwtSettings;

import java.util.Set;

/**
 * How {@code /registry/servers} is protected and how registered URLs are checked. Exactly one of {@code token} and
 * {@code jwt} is set (the routes are not mounted otherwise).
 *
 * @param token              the static bearer token ({@code GATEWAY_REGISTRATION_TOKEN}), compared in constant time
 * @param jwt                JWT validation ({@code GATEWAY_REGISTRATION_ISSUER}, {@code _AUDIENCE}, {@code _VERIFY_KEY},
 *                           {@code _ALGORITHMS})
 * @param allowedHeaders     lower-case header names a registration may ask to send upstream
 * @param allowPrivateRanges {@code GATEWAY_URL_GUARD_ALLOW_PRIVATE_RANGES}
 * @param dnsTimeoutMillis   {@code GATEWAY_URL_GUARD_DNS_TIMEOUT_SECONDS}, in milliseconds
 */
public record RegistrationSettings(String token, JwtSettings jwt, Set<String> allowedHeaders, boolean allowPrivateRanges,
                                   long dnsTimeoutMillis) {
}
