package io.toolgate.auth;

import com.sun.net.httpserver.HttpServer;
import io.toolgate.hooks.GatewayUser;
import io.toolgate.testing.TestTokens;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class JwtAuthenticatorTest {

    private static final String ISSUER = "https://idp.example";
    private static final String AUDIENCE = "toolgate";
    private final KeyPair rsa = TestTokens.rsa();
    private final long now = System.currentTimeMillis() / 1000;

    JwtAuthenticatorTest() throws Exception {
    }

    private JwtAuthenticator pemAuth(List<String> requiredScopes) {
        return new JwtAuthenticator(new JwtSettings(ISSUER, AUDIENCE, null, rsa.getPublic(), requiredScopes, 60, null, Set.of()),
                null, Clock.fixed(Instant.ofEpochSecond(now), ZoneOffset.UTC));
    }

    private String token(Map<String, Object> overrides) throws Exception {
        Map<String, Object> claims = new HashMap<>(TestTokens.claims(ISSUER, AUDIENCE, "alice", "crm:read crm:write"));
        claims.putAll(overrides);
        claims.values().removeIf(v -> v.equals("<absent>"));
        return TestTokens.sign(rsa.getPrivate(), "RS256", null, claims);
    }

    private static String refusal(JwtAuthenticator auth, String authorization) {
        try {
            auth.authenticate(authorization);
            return "accepted";
        } catch (AuthenticationException e) {
            return e.status() + " " + e.error() + ": " + e.getMessage();
        }
    }

    @Test
    void aValidTokenGivesItsSubjectScopesAndClaims() throws Exception {
        GatewayUser user = pemAuth(List.of("crm:read")).authenticate("Bearer " + token(Map.of()));
        assertThat(user.subject()).isEqualTo("alice");
        assertThat(user.scopes()).containsExactlyInAnyOrder("crm:read", "crm:write");
        assertThat(user.claims()).containsEntry("iss", ISSUER);
        assertThat(pemAuth(List.of()).authenticate("bearer " + token(Map.of("aud", List.of("other", AUDIENCE),
                "scope", "<absent>", "scp", List.of("a", "b")))).scopes()).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void everyBadTokenIsRefusedWithAReason() throws Exception {
        JwtAuthenticator auth = pemAuth(List.of("crm:read"));
        String good = token(Map.of());
        String[] parts = good.split("\\.");
        String tamperedClaims = Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("{\"iss\":\"" + ISSUER + "\",\"aud\":\"" + AUDIENCE + "\",\"sub\":\"mallory\",\"exp\":" + (now + 60) + "}")
                        .getBytes(StandardCharsets.UTF_8));
        KeyPair other = TestTokens.rsa();

        assertThat(refusal(auth, null)).isEqualTo("401 null: Bearer token required");
        assertThat(refusal(auth, "Basic YWxpY2U6cw==")).isEqualTo("401 invalid_token: Authorization must use the Bearer scheme");
        assertThat(refusal(auth, "Bearer abc")).isEqualTo("401 invalid_token: Malformed token");
        assertThat(refusal(auth, "Bearer " + parts[0] + "." + tamperedClaims + "." + parts[2]))
                .isEqualTo("401 invalid_token: Invalid token signature");
        assertThat(refusal(auth, "Bearer " + TestTokens.sign(other.getPrivate(), "RS256", null,
                TestTokens.claims(ISSUER, AUDIENCE, "alice", "crm:read")))).isEqualTo("401 invalid_token: Invalid token signature");
        String none = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(refusal(auth, "Bearer " + none + "." + parts[1] + ".")).isEqualTo("401 invalid_token: Unsupported token algorithm");
        String hs = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"HS256\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(refusal(auth, "Bearer " + hs + "." + parts[1] + "." + parts[2])).isEqualTo("401 invalid_token: Unsupported token algorithm");
        assertThat(refusal(auth, "Bearer " + TestTokens.sign(TestTokens.ec().getPrivate(), "ES256", null,
                TestTokens.claims(ISSUER, AUDIENCE, "alice", "crm:read"))))
                .isEqualTo("401 invalid_token: Token algorithm does not match the signing key");
        assertThat(refusal(auth, "Bearer " + token(Map.of("iss", "https://evil.example")))).endsWith("Token issuer not accepted");
        assertThat(refusal(auth, "Bearer " + token(Map.of("aud", "someone-else")))).endsWith("Token audience not accepted");
        assertThat(refusal(auth, "Bearer " + token(Map.of("exp", "<absent>")))).endsWith("Token has no expiry");
        assertThat(refusal(auth, "Bearer " + token(Map.of("exp", now - 61)))).endsWith("Token expired");
        assertThat(refusal(auth, "Bearer " + token(Map.of("exp", now - 59)))).isEqualTo("accepted");
        assertThat(refusal(auth, "Bearer " + token(Map.of("nbf", now + 61)))).endsWith("Token not yet valid");
        assertThat(refusal(auth, "Bearer " + token(Map.of("sub", "<absent>")))).endsWith("Token has no subject");
        assertThat(refusal(auth, "Bearer " + token(Map.of("scope", "crm:write"))))
                .isEqualTo("403 insufficient_scope: Token lacks required scope(s): crm:read");
    }

    @Test
    void jwksKeysAreFoundByKeyIdAndEcSignaturesVerify() throws Exception {
        KeyPair ec = TestTokens.ec();
        HttpServer jwks = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        byte[] doc = TestTokens.jwks(ec.getPublic(), "k1").getBytes(StandardCharsets.UTF_8);
        jwks.createContext("/jwks.json", ex -> {
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, doc.length);
            ex.getResponseBody().write(doc);
            ex.close();
        });
        jwks.start();
        try {
            URI url = URI.create("http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks.json");
            JwtAuthenticator auth = new JwtAuthenticator(new JwtSettings(ISSUER, null, url, null, List.of(), 0, null, Set.of()),
                    new JwksKeySource(url), Clock.systemUTC());
            Map<String, Object> claims = TestTokens.claims(ISSUER, AUDIENCE, "svc", "");
            assertThat(auth.authenticate("Bearer " + TestTokens.sign(ec.getPrivate(), "ES256", "k1", claims)).subject())
                    .isEqualTo("svc");
            assertThat(auth.authenticate("Bearer " + TestTokens.sign(ec.getPrivate(), "ES256", null, claims)).subject())
                    .isEqualTo("svc");
            assertThat(refusal(auth, "Bearer " + TestTokens.sign(ec.getPrivate(), "ES256", "k2", claims)))
                    .isEqualTo("401 invalid_token: Unknown signing key");
            assertThat(refusal(auth, "Bearer " + TestTokens.sign(TestTokens.ec().getPrivate(), "ES256", "k1", claims)))
                    .isEqualTo("401 invalid_token: Invalid token signature");
        } finally {
            jwks.stop(0);
        }
    }

    @Test
    void anUnknownKeyIdFetchesTheJwksAgainAtMostTwicePerInterval() throws Exception {
        KeyPair first = TestTokens.ec();
        KeyPair rotated = TestTokens.ec();
        AtomicReference<String> doc = new AtomicReference<>(TestTokens.jwks(first.getPublic(), "k1"));
        AtomicInteger fetches = new AtomicInteger();
        HttpServer jwks = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        jwks.createContext("/jwks.json", ex -> {
            fetches.incrementAndGet();
            byte[] body = doc.get().getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        jwks.start();
        try {
            URI url = URI.create("http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks.json");
            JwtAuthenticator auth = new JwtAuthenticator(new JwtSettings(ISSUER, null, url, null, List.of(), 0, null, Set.of()),
                    new JwksKeySource(url), Clock.systemUTC());
            Map<String, Object> claims = TestTokens.claims(ISSUER, AUDIENCE, "svc", "");
            assertThat(refusal(auth, "Bearer " + TestTokens.sign(first.getPrivate(), "ES256", "k1", claims))).isEqualTo("accepted");
            doc.set(TestTokens.jwks(rotated.getPublic(), "k2"));
            assertThat(refusal(auth, "Bearer " + TestTokens.sign(rotated.getPrivate(), "ES256", "k2", claims))).isEqualTo("accepted");
            assertThat(refusal(auth, "Bearer " + TestTokens.sign(rotated.getPrivate(), "ES256", "k3", claims)))
                    .isEqualTo("401 invalid_token: Unknown signing key");
            assertThat(refusal(auth, "Bearer " + TestTokens.sign(first.getPrivate(), "ES256", "k1", claims)))
                    .isEqualTo("401 invalid_token: Unknown signing key");
            assertThat(fetches.get()).isEqualTo(2);
        } finally {
            jwks.stop(0);
        }
    }

    @Test
    void tokensThatAreNotSignedCompactJwtsAreMalformed() throws Exception {
        JwtAuthenticator auth = pemAuth(List.of());
        String[] parts = token(Map.of()).split("\\.");
        String notJson = Base64.getUrlEncoder().withoutPadding().encodeToString("[1]".getBytes(StandardCharsets.UTF_8));
        assertThat(refusal(auth, "Bearer " + String.join(".", parts[0], parts[1], parts[2], parts[2], parts[2])))
                .isEqualTo("401 invalid_token: Malformed token");
        assertThat(refusal(auth, "Bearer " + parts[0] + "." + notJson + "." + parts[2])).isEqualTo("401 invalid_token: Malformed token");
        assertThat(refusal(auth, "Bearer " + notJson + "." + parts[1] + "." + parts[2])).isEqualTo("401 invalid_token: Malformed token");
        assertThat(refusal(auth, "Bearer " + parts[0] + "." + parts[1] + ".")).isEqualTo("401 invalid_token: Malformed token");
    }

    @Test
    void challengesPointAtTheMetadata() {
        ProtectedResource r = new ProtectedResource(new JwtSettings(ISSUER, null, null, rsa.getPublic(),
                List.of("mcp:use"), 60, null, Set.of()), "toolgate");
        assertThat(r.challenge("gw:8080", new AuthenticationException(401, null, "Bearer token required")))
                .isEqualTo("Bearer resource_metadata=\"http://gw:8080/.well-known/oauth-protected-resource/mcp\"");
        assertThat(r.challenge("gw:8080", new AuthenticationException(403, "insufficient_scope", "Token lacks \"x\"")))
                .isEqualTo("Bearer resource_metadata=\"http://gw:8080/.well-known/oauth-protected-resource/mcp\", "
                        + "error=\"insufficient_scope\", error_description=\"Token lacks 'x'\", scope=\"mcp:use\"");
        ProtectedResource behindProxy = new ProtectedResource(new JwtSettings(ISSUER, null, null, rsa.getPublic(),
                List.of(), 60, "https://tools.example.com/mcp", Set.of()), "toolgate");
        assertThat(behindProxy.metadataUrl("internal:8080"))
                .isEqualTo("https://tools.example.com/.well-known/oauth-protected-resource/mcp");
        assertThat(behindProxy.metadata("internal:8080").toString()).isEqualTo("{\"resource\":\"https://tools.example.com/mcp\","
                + "\"authorization_servers\":[\"https://idp.example\"],\"bearer_methods_supported\":[\"header\"],"
                + "\"resource_name\":\"toolgate\"}");
    }
}
