package io.toolgate.registration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RegistrationRequestTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "not json | Invalid JSON body",
            "[] | Invalid JSON body: expected an object",
            "'' | Invalid JSON body: expected an object",
            "{} | 'domain' and 'url' are required",
            "{\"domain\":\"d\"} | 'domain' and 'url' are required",
            "{\"domain\":\"\",\"url\":\"https://x\"} | 'domain' and 'url' are required",
            "{\"domain\":1,\"url\":\"https://x\"} | 'domain' and 'url' must be strings",
            "{\"domain\":\"d\",\"url\":[\"https://x\"]} | 'domain' and 'url' must be strings",
            "{\"domain\":\"../etc\",\"url\":\"https://x\"} | 'domain' must be 1-64 letters",
            "{\"domain\":\"a b\",\"url\":\"https://x\"} | 'domain' must be 1-64 letters",
            "{\"domain\":\"d\",\"url\":\"https://x\",\"discovery_url\":5} | 'discovery_url' must be a string",
            "{\"domain\":\"d\",\"url\":\"https://x\",\"headers\":[1,2]} | 'headers' must be an object of string:string pairs",
            "{\"domain\":\"d\",\"url\":\"https://x\",\"headers\":{\"a\":1}} | 'headers' must be an object of string:string pairs",
            "{\"domain\":\"d\",\"url\":\"https://x\",\"description\":{}} | 'description' must be a string",
            "{\"domain\":\"d\",\"command\":\"sh\",\"args\":[\"-c\",\"id\"]} | 'command' is refused: a registration cannot start a process",
            "{\"domain\":\"d\",\"url\":\"https://x\",\"env\":{\"A\":\"b\"}} | 'env' is refused: a registration cannot start a process",
            "{\"domain\":\"d\",\"url\":\"https://x\",\"cwd\":\"/\"} | 'cwd' is refused: a registration cannot start a process",
            "{\"domain\":\"d\",\"url\":\"https://x\",\"args\":[]} | 'args' is refused: a registration cannot start a process",
            "{\"domain\":\"d\",\"url\":\"https://x\",\"transport\":\"stdio\"} | 'transport' must be streamable-http",
            "{\"domain\":\"d\",\"url\":\"https://x\",\"transport\":\"sse\"} | 'transport' must be streamable-http"})
    void badBodiesAreBadRequests(String body, String message) {
        assertThatThrownBy(() -> RegistrationRequest.parse(body)).isInstanceOfSatisfying(RegistrationException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.body().path("code").asText()).isEqualTo("bad_request");
            assertThat(e.body().path("error").asText()).startsWith(message);
            assertThat(e.body().has("details")).isFalse();
        });
    }

    @Test
    void aCompleteBodyParses() throws Exception {
        RegistrationRequest r = RegistrationRequest.parse("{\"domain\":\"support\",\"url\":\"https://s.example.com/mcp\","
                + "\"discovery_url\":\"https://s.example.com/discover\",\"headers\":{\"X-Api-Key\":\"k\"},\"description\":\"Desk\"}");
        assertThat(r).isEqualTo(new RegistrationRequest("support", "https://s.example.com/mcp",
                "https://s.example.com/discover", Map.of("X-Api-Key", "k"), "Desk"));
        assertThat(RegistrationRequest.parse("{\"domain\":\"d\",\"url\":\"https://x\"}").headers()).isNull();
        assertThat(RegistrationRequest.parse("{\"domain\":\"d\",\"url\":\"https://x\",\"headers\":{}}").headers()).isEmpty();
    }

    @Test
    void headersNeedTheAllowlistAndNeverReservedNames() {
        HeaderGuard none = new HeaderGuard(Set.of());
        HeaderGuard apiKey = new HeaderGuard(Set.of("x-api-key", "authorization"));
        assertThat(none.refusal(Map.of())).isNull();
        assertThat(none.refusal(Map.of("X-Api-Key", "k"))).contains("GATEWAY_REGISTRATION_ALLOWED_HEADERS");
        assertThat(apiKey.refusal(Map.of("X-API-KEY", "k"))).isNull();
        assertThat(apiKey.refusal(Map.of("Authorization", "Bearer x"))).contains("reserved");
        assertThat(apiKey.refusal(Map.of("Host", "x"))).contains("reserved");
        assertThat(apiKey.refusal(Map.of("Mcp-Session-Id", "x"))).contains("reserved");
        assertThat(apiKey.refusal(Map.of(" ", "x"))).contains("must not be empty");
        assertThat(apiKey.refusal(Map.of("X-Api-Key", "k\r\nX-Injected: 1"))).contains("single-line");
        assertThat(apiKey.refusal(Map.of("X Api", "k"))).contains("valid name");
    }

    @Test
    void listedUrlsLoseUserinfoQueryAndFragment() {
        assertThat(ScrubbedUrl.of("https://user:secret@tools.example.com:8443/mcp?key=abc#frag"))
                .isEqualTo("https://tools.example.com:8443/mcp");
        assertThat(ScrubbedUrl.of("http://[::1]:9000/mcp")).isEqualTo("http://[::1]:9000/mcp");
        assertThat(ScrubbedUrl.of("https://h.example.com")).isEqualTo("https://h.example.com");
        assertThat(ScrubbedUrl.of("::::")).isEqualTo("<unparseable-url>");
        assertThat(ScrubbedUrl.of(null)).isNull();
    }
}
