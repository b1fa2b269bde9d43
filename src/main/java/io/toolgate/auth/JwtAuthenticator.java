package io.toolgate.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.toolgate.json.Json;
import io.toolgate.hooks.GatewayUser;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validates {@code Authorization: Bearer <JWT>}: RS256/384/512 or ES256/384/512 only (never {@code none} or a shared
 * secret), signature against the configured key or the JWKS key named by {@code kid}, {@code iss}, {@code aud},
 * {@code exp} (required) and {@code nbf} with the leeway, then the required scopes ({@code scope} string or
 * {@code scp} list). The user is the token's {@code sub}, its scopes and its claims.
 */
public final class JwtAuthenticator {

    private static final Map<String, String> ALGORITHMS = Map.of(
            "RS256", "SHA256withRSA", "RS384", "SHA384withRSA", "RS512", "SHA512withRSA",
            "ES256", "SHA256withECDSA", "ES384", "SHA384withECDSA", "ES512", "SHA512withECDSA");
    /** The algorithms a token may be signed with: RSA PKCS#1 v1.5 and ECDSA; never {@code none} or HMAC. */
    public static final Set<String> SUPPORTED_ALGORITHMS = ALGORITHMS.keySet();
    private static final Base64.Decoder B64 = Base64.getUrlDecoder();

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
        String[] parts = scheme[1].split("\\.", -1);
        if (parts.length != 3) {
            throw invalid("Malformed token");
        }
        JsonNode header = decode(parts[0]);
        JsonNode claims = decode(parts[1]);
        String alg = header.path("alg").asText("");
        String javaAlg = ALGORITHMS.get(alg);
        if (javaAlg == null || !settings.algorithms().isEmpty() && !settings.algorithms().contains(alg)) {
            throw invalid("Unsupported token algorithm");
        }
        PublicKey key = settings.publicKey() != null ? settings.publicKey()
                : jwks.key(header.path("kid").isTextual() ? header.path("kid").textValue() : null);
        if (key == null) {
            throw invalid("Unknown signing key");
        }
        if (!verify(javaAlg, alg, key, (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII), signature(parts[2]))) {
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

    private static boolean verify(String javaAlg, String alg, PublicKey key, byte[] signed, byte[] sig)
            throws AuthenticationException {
        boolean rsa = alg.startsWith("RS");
        if (rsa != (key instanceof RSAPublicKey) || (!rsa && !(key instanceof ECPublicKey))) {
            throw invalid("Token algorithm does not match the signing key");
        }
        try {
            Signature s = Signature.getInstance(javaAlg);
            s.initVerify(key);
            s.update(signed);
            return s.verify(rsa ? sig : derSignature(sig));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** JWS ECDSA signatures are R||S; Java verifies ASN.1 DER. */
    private static byte[] derSignature(byte[] raw) {
        if (raw.length == 0 || raw.length % 2 != 0) {
            throw new IllegalArgumentException("bad ECDSA signature length");
        }
        byte[] r = new BigInteger(1, Arrays.copyOfRange(raw, 0, raw.length / 2)).toByteArray();
        byte[] s = new BigInteger(1, Arrays.copyOfRange(raw, raw.length / 2, raw.length)).toByteArray();
        int seqLen = 2 + r.length + 2 + s.length;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x30);
        if (seqLen > 127) {
            out.write(0x81);
        }
        out.write(seqLen);
        out.write(0x02);
        out.write(r.length);
        out.writeBytes(r);
        out.write(0x02);
        out.write(s.length);
        out.writeBytes(s);
        return out.toByteArray();
    }

    private static JsonNode decode(String part) throws AuthenticationException {
        try {
            JsonNode node = Json.MAPPER.readTree(B64.decode(part));
            if (node == null || !node.isObject()) {
                throw invalid("Malformed token");
            }
            return node;
        } catch (IOException | IllegalArgumentException e) {
            throw invalid("Malformed token");
        }
    }

    private static byte[] signature(String part) throws AuthenticationException {
        try {
            return B64.decode(part);
        } catch (IllegalArgumentException e) {
            throw invalid("Malformed token");
        }
    }

    private static AuthenticationException invalid(String description) {
        return new AuthenticationException(401, "invalid_token", description);
    }
}
