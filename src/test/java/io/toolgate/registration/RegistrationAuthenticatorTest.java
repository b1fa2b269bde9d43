package io.toolgate.registration;

import io.toolgate.auth.JwtAuthenticator;
import io.toolgate.auth.JwtSettings;
import io.toolgate.testing.TestTokens;
import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RegistrationAuthenticatorTest {

    private static final String TOKEN = "0123456789abcdef-registration";

    @Test
    void theStaticTokenMustMatchTheWholeHeaderExactly() {
        RegistrationAuthenticator auth = new RegistrationAuthenticator(TOKEN, null);
        assertThatCode(() -> auth.check("Bearer " + TOKEN, "register")).doesNotThrowAnyException();
        for (String wrong : new String[] {null, "", TOKEN, "bearer " + TOKEN, "Bearer " + TOKEN + " ", " Bearer " + TOKEN,
                "Bearer " + TOKEN.substring(1), "Bearer " + TOKEN + "x", "Basic " + TOKEN}) {
            assertThatThrownBy(() -> auth.check(wrong, "register")).isInstanceOfSatisfying(RegistrationException.class,
                    e -> org.assertj.core.api.Assertions.assertThat(e.body().toString())
                            .isEqualTo("{\"error\":\"Unauthorized\",\"code\":\"unauthorized\"}"));
        }
    }

    @Test
    void jwtNeedsSignatureIssuerAudienceExpiryAndSubject() throws Exception {
        KeyPair ec = TestTokens.ec();
        KeyPair rsa = TestTokens.rsa();
        RegistrationAuthenticator auth = new RegistrationAuthenticator(null, new JwtAuthenticator(new JwtSettings(
                "https://idp.example", "toolgate-registry", null, ec.getPublic(), List.of(), 10, null, Set.of("ES256")),
                null, Clock.systemUTC()));
        long now = System.currentTimeMillis() / 1000;
        Map<String, Object> good = new HashMap<>(Map.of("iss", "https://idp.example", "aud", "toolgate-registry",
                "sub", "ci-bot", "exp", now + 60, "jti", "j-1"));
        String token = TestTokens.sign(ec.getPrivate(), "ES256", null, good);
        for (String header : new String[] {"Bearer " + token, "bearer " + token, token, "  " + token + " "}) {
            assertThatCode(() -> auth.check(header, "list")).doesNotThrowAnyException();
        }
        Map<String, Object> wrong = Map.of("iss", "https://other", "aud", "other", "exp", now - 20, "sub", "", "nbf", now + 20);
        for (Map.Entry<String, Object> bad : wrong.entrySet()) {
            Map<String, Object> claims = new HashMap<>(good);
            claims.put(bad.getKey(), bad.getValue());
            String t = TestTokens.sign(ec.getPrivate(), "ES256", null, claims);
            assertThatThrownBy(() -> auth.check("Bearer " + t, "list")).as(bad.getKey()).isInstanceOf(RegistrationException.class);
        }
        Map<String, Object> noExp = new HashMap<>(good);
        noExp.remove("exp");
        String withoutExpiry = TestTokens.sign(ec.getPrivate(), "ES256", null, noExp);
        assertThatThrownBy(() -> auth.check(withoutExpiry, "list")).isInstanceOf(RegistrationException.class);
        String otherKey = TestTokens.sign(TestTokens.ec().getPrivate(), "ES256", null, good);
        assertThatThrownBy(() -> auth.check(otherKey, "list")).isInstanceOf(RegistrationException.class);
        String rs256 = TestTokens.sign(rsa.getPrivate(), "RS256", null, good);
        assertThatThrownBy(() -> auth.check(rs256, "list")).isInstanceOf(RegistrationException.class);
        String none = "eyJhbGciOiJub25lIn0." + token.split("\\.")[1] + ".";
        assertThatThrownBy(() -> auth.check(none, "list")).isInstanceOf(RegistrationException.class);
        assertThatThrownBy(() -> auth.check(null, "list")).isInstanceOf(RegistrationException.class);
    }
}
