package io.toolgate.config;

import io.toolgate.auth.JwtSettings;
import io.toolgate.auth.Keys;
import io.toolgate.error.ConfigException;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.List;
import java.util.Set;

/**
 * Reads inbound JWT authentication ({@code GATEWAY_JWT_*}) into {@link JwtSettings}. A public key file is read here;
 * a JWKS URL is only checked, its keys are fetched when tokens arrive.
 */
final class JwtParser {

    private JwtParser() {
    }

    /** The settings, or {@code null} when neither a JWKS URL nor a public key is configured. */
    static JwtSettings parse(ConfigReader r) {
        String jwks = r.raw("gateway.jwt-jwks-url");
        String pemFile = r.raw("gateway.jwt-public-key");
        String issuer = r.raw("gateway.jwt-issuer");
        if (jwks == null && pemFile == null) {
            for (String key : List.of("gateway.jwt-issuer", "gateway.jwt-audience", "gateway.jwt-required-scopes")) {
                if (r.raw(key) != null) {
                    throw new ConfigException(ConfigReader.envName(key) + " is set but neither GATEWAY_JWT_JWKS_URL nor "
                            + "GATEWAY_JWT_PUBLIC_KEY is: tokens could not be verified");
                }
            }
            return null;
        }
        if (jwks != null && pemFile != null) {
            throw new ConfigException("Invalid GATEWAY_JWT_PUBLIC_KEY: set either it or GATEWAY_JWT_JWKS_URL, not both");
        }
        if (issuer == null) {
            throw new ConfigException("GATEWAY_JWT_ISSUER is required when GATEWAY_JWT_JWKS_URL or GATEWAY_JWT_PUBLIC_KEY is set");
        }
        URI jwksUrl = null;
        PublicKey key = null;
        if (jwks != null) {
            jwksUrl = ConfigReader.httpUrl(jwks);
            if (jwksUrl == null) {
                throw new ConfigException("Invalid GATEWAY_JWT_JWKS_URL: must be an http(s) URL with a host");
            }
        } else {
            key = publicKey(pemFile);
        }
        String resource = r.raw("gateway.jwt-resource-url");
        if (resource != null && ConfigReader.httpUrl(resource) == null) {
            throw new ConfigException("Invalid GATEWAY_JWT_RESOURCE_URL: must be an http(s) URL with a host");
        }
        return new JwtSettings(issuer, r.raw("gateway.jwt-audience"), jwksUrl, key, r.list("gateway.jwt-required-scopes"),
                r.longMin("gateway.jwt-leeway", Defaults.JWT_LEEWAY_SECONDS, 0), resource, Set.of());
    }

    private static PublicKey publicKey(String pemFile) {
        try {
            return Keys.fromPem(Files.readString(Path.of(pemFile)));
        } catch (IOException e) {
            throw new ConfigException("Invalid GATEWAY_JWT_PUBLIC_KEY: cannot read " + pemFile);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new ConfigException("Invalid GATEWAY_JWT_PUBLIC_KEY: " + pemFile
                    + " holds no RSA or EC public key in PEM ('-----BEGIN PUBLIC KEY-----')");
        }
    }
}
