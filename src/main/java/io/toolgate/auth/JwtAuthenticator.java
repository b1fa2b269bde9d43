package io.toolgate.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObject;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.PlainObject;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import io.toolgate.hooks.GatewayUser;
import io.toolgate.json.Json;

import java.io.IOException;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Validates {@code Authorization: Bearer <JWT>}: RS256/384/512 or ES256/384/512 only (never {@code none} or a shared
 * secret), signature against the configured key or the JWKS key named by {@code kid}, {@code iss}, {@code aud},
 * {@code exp} (required) and {@code nbf} with the leeway, then the required scopes ({@code scope} string or
 * {@code scp} list). The user is the token's {@code sub}, its scopes and its claims. Nimbus JOSE+JWT parses the token
 * and checks the signature; the claims are read with the gateway's JSON mapper.
 */
public final class JwtAuthenticator {

    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512);
    /** The algorithms a token may be signed with: RSA PKCS#1 v1.5 and ECDSA; never {@code none} or HMAC. */
    public static final Set<String> SUPPORTED_ALGORITHMS = ALGORITHMS.stream().map(JWSAlgorithm::getName)
            .collect(Collectors.toUnmodifiableSet());

    private final JwtSettings settings;
    private final JwksKeySource jwks;
    private final Clock clock;

    public JwtAuthenticator(JwtSettings settings, JwksKeySource jwks, Clock clock) {
        this.settings = settings;
        this.jwks = jwks;
        this.clock = clock;
    }

    public JwtSettings settings() {
        return settings;
    }

    /** The user of a valid token; otherwise an {@link AuthenticationException} saying why, in caller-safe words. */
    public GatewayUser authenticate(String authorization) throws AuthenticationException {
        if (authorization == null || authorization.isBlank()) {
            throw new AuthenticationException(401, null, "Bearer token required");
        }
        String[] scheme = authorization.strip().split("\\s+", 2);
        if (scheme.length != 2 || !scheme[0].equalsIgnoreCase("Bearer")) {
            throw invalid("Authorization must use the Bearer scheme");
        }
        JOSEObject token = parse(scheme[1]);
        JsonNode claims = claims(token);
        if (!(token instanceof JWSObject jws) || !accepted(jws.getHeader().getAlgorithm())) {
            throw invalid("Unsupported token algorithm");
        }
        PublicKey key = settings.publicKey() != null ? settings.publicKey() : jwks.key(jws.getHeader().getKeyID());
        if (key == null) {
            throw invalid("Unknown signing key");
        }
        if (!verify(jws, key)) {
            throw invalid("Invalid token signature");
        }
        checkClaims(claims);
        Set<String> scopes = scopes(claims);
        for (String required : settings.requiredScopes()) {
            if (!scopes.contains(required)) {
                throw new AuthenticationException(403, "insufficient_scope",
                        "Token lacks required scope(s): " + String.join(" ", settings.requiredScopes()));
            }
        }
        String subject = claims.path("sub").asText("");
        if (subject.isBlank()) {
            throw invalid("Token has no subject");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> claimMap = Json.MAPPER.convertValue(claims, Map.class);
        return new GatewayUser(subject, scopes, claimMap);
    }

    /** A signed or unsigned compact token; anything else (an encrypted token, not three parts) is malformed. */
    private static JOSEObject parse(String token) throws AuthenticationException {
        try {
            JOSEObject parsed = JOSEObject.parse(token);
            if (parsed instanceof JWSObject || parsed instanceof PlainObject) {
                return parsed;
            }
        } catch (ParseException e) {
            // reported below
        }
        throw invalid("Malformed token");
    }

    private static JsonNode claims(JOSEObject token) throws AuthenticationException {
        try {
            JsonNode node = Json.MAPPER.readTree(token.getPayload().toBytes());
            if (node != null && node.isObject()) {
                return node;
            }
        } catch (IOException e) {
            // reported below
        }
        throw invalid("Malformed token");
    }

    private boolean accepted(JWSAlgorithm alg) {
        return ALGORITHMS.contains(alg) && (settings.algorithms().isEmpty() || settings.algorithms().contains(alg.getName()));
    }

    private static boolean verify(JWSObject jws, PublicKey key) throws AuthenticationException {
        boolean rsa = JWSAlgorithm.Family.RSA.contains(jws.getHeader().getAlgorithm());
        if (rsa ? !(key instanceof RSAPublicKey) : !(key instanceof ECPublicKey)) {
            throw invalid("Token algorithm does not match the signing key");
        }
        try {
            JWSVerifier verifier = rsa ? new RSASSAVerifier((RSAPublicKey) key) : new ECDSAVerifier((ECPublicKey) key);
            return jws.verify(verifier);
        } catch (JOSEException e) {
            return false;
        }
    }

    private void checkClaims(JsonNode claims) throws AuthenticationException {
        if (!settings.issuer().equals(claims.path("iss").asText(null))) {
            throw invalid("Token issuer not accepted");
        }
        if (settings.audience() != null && !audiences(claims.get("aud")).contains(settings.audience())) {
            throw invalid("Token audience not accepted");
        }
        long now = clock.instant().getEpochSecond();
        JsonNode exp = claims.get("exp");
        if (exp == null || !exp.isNumber()) {
            throw invalid("Token has no expiry");
        }
        if (now > exp.asLong() + settings.leewaySeconds()) {
            throw invalid("Token expired");
        }
        JsonNode nbf = claims.get("nbf");
        if (nbf != null && nbf.isNumber() && now < nbf.asLong() - settings.leewaySeconds()) {
            throw invalid("Token not yet valid");
        }
    }

    private static Set<String> audiences(JsonNode aud) {
        Set<String> out = new LinkedHashSet<>();
        if (aud != null && aud.isTextual()) {
            out.add(aud.textValue());
        } else if (aud != null && aud.isArray()) {
            aud.forEach(a -> out.add(a.asText()));
        }
        return out;
    }

    private static Set<String> scopes(JsonNode claims) {
        Set<String> out = new LinkedHashSet<>();
        for (String field : List.of("scope", "scp")) {
            JsonNode v = claims.get(field);
            if (v != null && v.isTextual()) {
                for (String s : v.textValue().split("\\s+")) {
                    if (!s.isEmpty()) {
                        out.add(s);
                    }
                }
            } else if (v != null && v.isArray()) {
                v.forEach(s -> out.add(s.asText()));
            }
        }
        return out;
    }

    private static AuthenticationException invalid(String description) {
        return new AuthenticationException(401, "invalid_token", description);
    }
}
