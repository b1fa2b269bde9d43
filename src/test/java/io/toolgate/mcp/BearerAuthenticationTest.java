package io.toolgate.mcp;

import io.toolgate.auth.JwtAuthenticator;
import io.toolgate.auth.JwtSettings;
import io.toolgate.auth.ProtectedResource;
import io.toolgate.hooks.GatewayHook;
import io.toolgate.hooks.GatewayUser;
import io.toolgate.hooks.HookChain;
import io.toolgate.json.Json;
import io.toolgate.testing.TestTokens;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class BearerAuthenticationTest {

    private static final String PING = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";
    private final KeyPair rsa = TestTokens.rsa();
    private final JwtSettings settings = new JwtSettings("https://idp.example", "toolgate", null, rsa.getPublic(),
            List.of("crm:read"), 60, null, Set.of());
    private final BearerAuthentication authentication = new BearerAuthentication(
            new JwtAuthenticator(settings, null, Clock.systemUTC()), new ProtectedResource(settings, "toolgate"),
            new HookChain(List.of()));

    BearerAuthenticationTest() throws Exception {
    }

    private HandlerHarness harness() throws Exception {
        return new HandlerHarness(authentication, ctx -> {
            GatewayUser user = BearerAuthentication.user(ctx);
            ctx.response().end(user == null ? "no user" : user.subject());
        });
    }

    private String token(String scope) throws Exception {
        return TestTokens.sign(rsa.getPrivate(), "RS256", null,
                TestTokens.claims("https://idp.example", "toolgate", "alice", scope));
    }

    @Test
    void validTokenPassesTheUserToTheNextHandler() throws Exception {
        try (HandlerHarness http = harness()) {
            HttpResponse<String> res = http.post(PING, "Authorization", "Bearer " + token("crm:read"));

            assertThat(res.statusCode()).isEqualTo(200);
            assertThat(res.body()).isEqualTo("alice");
        }
    }

    @Test
    void missingTokenGets401WithAChallengeNamingTheMetadata() throws Exception {
        try (HandlerHarness http = harness()) {
            HttpResponse<String> res = http.post(PING);

            assertThat(res.statusCode()).isEqualTo(401);
            assertThat(res.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(challenge -> assertThat(challenge)
                    .startsWith("Bearer resource_metadata=\"").contains("/.well-known/oauth-protected-resource/mcp"));
            assertThat(Json.parse(res.body()).at("/error/message").asText()).startsWith("Unauthorized: ");
        }
    }

    @Test
    void tokenWithoutTheRequiredScopeGets403() throws Exception {
        try (HandlerHarness http = harness()) {
            HttpResponse<String> res = http.post(PING, "Authorization", "Bearer " + token("crm:write"));

            assertThat(res.statusCode()).isEqualTo(403);
            assertThat(res.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(challenge ->
                    assertThat(challenge).contains("error=\"insufficient_scope\""));
            assertThat(Json.parse(res.body()).at("/error/message").asText()).startsWith("Forbidden: ");
        }
    }

    @Test
    void withAuthenticationOffEveryRequestPassesWithoutUser() throws Exception {
        try (HandlerHarness http = new HandlerHarness(new BearerAuthentication(null, null, new HookChain(List.of())), ctx -> {
            GatewayUser user = BearerAuthentication.user(ctx);
            ctx.response().end(user == null ? "no user" : user.subject());
        })) {
            assertThat(http.post(PING).body()).isEqualTo("no user");
        }
    }

    @Test
    void theUserAnAuthenticateHookReturnsIsTheCallersUser() throws Exception {
        BearerAuthentication hooked = new BearerAuthentication(null, null, new HookChain(List.of(new GatewayHook() {
            @Override
            public GatewayUser onAuthenticate(Map<String, String> headers) {
                return headers.containsKey("x-user") ? new GatewayUser(headers.get("x-user"), Set.of(), Map.of()) : null;
            }
        })));
        try (HandlerHarness http = new HandlerHarness(hooked, ctx -> {
            GatewayUser user = BearerAuthentication.user(ctx);
            ctx.response().end(user == null ? "no user" : user.subject());
        })) {
            assertThat(http.send(http.request().header("Content-Type", "application/json").header("X-User", "bob")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(PING)).build()).body()).isEqualTo("bob");
            assertThat(http.post(PING).body()).isEqualTo("no user");
        }
    }
}
