package io.toolgate.config;

import io.toolgate.auth.JwtAuthenticator;
import io.toolgate.auth.JwtSettings;
import io.toolgate.auth.Keys;
import io.toolgate.error.ConfigException;
import io.toolgate.registration.RegistrationSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads {@link RegistrationSettings}: a static token ({@code GATEWAY_REGISTRATION_TOKEN}) or the JWT trio
 * ({@code GATEWAY_REGISTRATION_ISSUER}, {@code _AUDIENCE}, {@code _VERIFY_KEY}), never both.
 */
final class RegistrationParser {

    private static final Logger LOG = LoggerFactory.getLogger(RegistrationParser.class);
    private static final List<String> JWT_KEYS = List.of("gateway.registration-issuer", "gateway.registration-audience",
            "gateway.registration-verify-key");

    private RegistrationParser() {
    }

    /** The settings, or {@code null} when neither the token nor the JWT variables are set (registration is off). */
    static RegistrationSettings parse(ConfigReader r) {
        String token = r.raw("gateway.registration-token");
        List<String> missing = JWT_KEYS.stream().filter(k -> r.raw(k) == null).map(ConfigReader::envName).toList();
        boolean anyJwt = missing.size() < JWT_KEYS.size();
        if (token != null && anyJwt) {
            throw new ConfigException("GATEWAY_REGISTRATION_TOKEN and GATEWAY_REGISTRATION_ISSUER/_AUDIENCE/_VERIFY_KEY "
                    + "are mutually exclusive. Unset one.");
        }
        if (anyJwt && !missing.isEmpty()) {
            List<String> set = JWT_KEYS.stream().filter(k -> r.raw(k) != null).map(ConfigReader::envName).toList();
            throw new ConfigException("Partial JWT registration config (" + String.join(", ", set) + " set): missing "
                    + String.join(", ", missing));
        }
        if (token == null && !anyJwt) {
            return null;
        }
        if (token != null && token.length() < 16) {
            LOG.warn("GATEWAY_REGISTRATION_TOKEN is shorter than 16 characters; use a long random token");
        }
        JwtSettings jwt = anyJwt ? jwt(r) : null;
        Set<String> allowedHeaders = new TreeSet<>();
        r.list("gateway.registration-allowed-headers").forEach(h -> {
            if (!ConfigReader.isHeaderName(h)) {
                throw new ConfigException("Invalid GATEWAY_REGISTRATION_ALLOWED_HEADERS: '" + h + "' is not a header name");
            }
            allowedHeaders.add(h.toLowerCase(Locale.ROOT));
        });
        return new RegistrationSettings(token, jwt, Set.copyOf(allowedHeaders),
                r.bool("gateway.url-guard-allow-private-ranges", Defaults.URL_GUARD_ALLOW_PRIVATE_RANGES),
                r.seconds("gateway.url-guard-dns-timeout-seconds", Defaults.URL_GUARD_DNS_TIMEOUT_MILLIS));
    }

    private static JwtSettings jwt(ConfigReader r) {
        String keyValue = r.raw("gateway.registration-verify-key");
        PublicKey key;
        try {
            String pem = keyValue.contains("-----BEGIN") ? keyValue : Files.readString(Path.of(keyValue));
            key = Keys.fromPem(pem);
        } catch (IOException | InvalidPathException e) {
            throw new ConfigException("Invalid GATEWAY_REGISTRATION_VERIFY_KEY: neither a PEM public key nor a readable file");
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new ConfigException("Invalid GATEWAY_REGISTRATION_VERIFY_KEY: no RSA or EC public key in PEM "
                    + "('-----BEGIN PUBLIC KEY-----')");
        }
        List<String> algorithms = r.raw("gateway.registration-algorithms") == null ? Defaults.REGISTRATION_ALGORITHMS
                : r.list("gateway.registration-algorithms");
        for (String alg : algorithms) {
            if (!JwtAuthenticator.SUPPORTED_ALGORITHMS.contains(alg)) {
                throw new ConfigException("Invalid GATEWAY_REGISTRATION_ALGORITHMS: '" + alg + "' (supported: "
                        + String.join(", ", new TreeSet<>(JwtAuthenticator.SUPPORTED_ALGORITHMS)) + ")");
            }
        }
        if (algorithms.isEmpty()) {
            throw new ConfigException("Invalid GATEWAY_REGISTRATION_ALGORITHMS: no algorithm listed");
        }
        return new JwtSettings(r.raw("gateway.registration-issuer"), r.raw("gateway.registration-audience"), null, key,
                List.of(), Defaults.REGISTRATION_LEEWAY_SECONDS, null, Set.copyOf(algorithms));
    }
}
