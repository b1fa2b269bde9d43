package io.toolgate.registration;

import io.toolgate.auth.AuthenticationException;
import io.toolgate.auth.JwtAuthenticator;
import io.toolgate.hooks.GatewayUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;

/**
 * The check in front of every {@code /registry/servers} request. With a static token, the whole
 * {@code Authorization} value must equal {@code Bearer <token>}, compared in constant time. With JWT validation, the
 * value may be {@code Bearer x}, {@code bearer x} or the bare token; the signature, exact issuer and audience, a
 * required {@code exp} (10 s leeway, also for {@code nbf}) and a non-empty {@code sub} are checked. Any failure is 401
 * {@code {"error":"Unauthorized","code":"unauthorized"}}; the reason is logged, never returned.
 */
public final class RegistrationAuthenticator {

    private static final Logger LOG = LoggerFactory.getLogger(RegistrationAuthenticator.class);
    private final byte[] expected;
    private final JwtAuthenticator jwt;

    public RegistrationAuthenticator(String token, JwtAuthenticator jwt) {
        this.expected = token == null ? null : ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
        this.jwt = jwt;
    }

    /** Returns normally when the caller may use {@code route}; a 401 otherwise. */
    public void check(String authorization, String route) throws RegistrationException {
        if (expected != null) {
            byte[] given = authorization == null ? new byte[0] : authorization.getBytes(StandardCharsets.UTF_8);
            if (!MessageDigest.isEqual(expected, given)) {
                LOG.info("registry.auth.failed route={} reason=token mismatch", route);
                throw unauthorized();
            }
            return;
        }
        if (jwt == null) {
            throw new RegistrationException(401, "unauthorized", "No registration authentication configured");
        }
        String value = authorization == null ? "" : authorization.strip();
        if (!value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            value = "Bearer " + value;
        }
        try {
            GatewayUser user = jwt.authenticate(value);
            Object jti = user.claims().get("jti");
            LOG.info("registry.auth.ok subject={} jti={} iat={} route={}", user.subject(), jti == null ? "-" : jti,
                    issuedAt(user.claims().get("iat")), route);
        } catch (AuthenticationException e) {
            LOG.info("registry.auth.failed route={} reason={}", route, e.getMessage());
            throw unauthorized();
        }
    }

    private static String issuedAt(Object iat) {
        if (iat instanceof Number n && Double.isFinite(n.doubleValue()) && n.longValue() > 0 && n.longValue() < 32503680000L) {
            return Instant.ofEpochSecond(n.longValue()).toString();
        }
        return Instant.now().toString();
    }

    private static RegistrationException unauthorized() {
        return new RegistrationException(401, "unauthorized", "Unauthorized");
    }
}
