package io.toolgate.registration;

import com.fasterxml.jackson.databind.JsonNode;
import io.toolgate.GatewayWiring;
import io.toolgate.http.GatewayHttpServer;
import io.toolgate.json.Json;
import io.toolgate.registry.ToolRegistry;
import io.toolgate.testing.Fixtures;
import io.toolgate.testing.TestUpstream;
import org.apache.camel.BeanInject;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.apache.camel.util.FileUtil;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.File;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The registration routes (registration.camel.yaml: registry-register, registry-list, registry-deregister) over HTTP
 * on a free loopback port, with a static token, the examples domain configured and a real MCP upstream to register:
 * status codes, JSON bodies and what the registry holds afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@CamelMainTest(configurationClasses = GatewayWiring.class,
        properties = {"gateway.host=127.0.0.1", "gateway.port=0", "gateway.examples=true", "gateway.search=lexical",
                "gateway.registration-token=" + RegistrationRouteTest.TOKEN,
                "gateway.url-guard-allow-private-ranges=true",
                "gateway.data-dir=" + RegistrationRouteTest.DATA_DIR})
class RegistrationRouteTest {

    static final String TOKEN = "registration-route-test-token-0123";
    /** The embedded database of this test, emptied before the gateway starts. */
    static final String DATA_DIR = "target/registration-route-test";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private TestUpstream analytics;

    @BeanInject
    ToolRegistry registry;

    @BeanInject(GatewayWiring.HTTP_SERVER_BEAN)
    GatewayHttpServer server;

    private record Reply(int status, String contentType, JsonNode body) {
    }

    @BeforeAll
    void startUpstream() throws Exception {
        FileUtil.removeDir(new File(DATA_DIR));
        analytics = TestUpstream.start(Fixtures.analytics());
    }

    @AfterAll
    void stopUpstream() throws Exception {
        analytics.close();
    }

    @BeforeEach
    void populated() {
        await().atMost(Duration.ofSeconds(30)).until(registry::isPopulated);
    }

    private Reply send(String method, String path, String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getPort() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), Json.parse(r.body()));
    }

    private Reply registerAnalytics() throws Exception {
        return send("POST", "/registry/servers", "{\"domain\":\"analytics\",\"url\":\"" + analytics.url() + "\"}", TOKEN);
    }

    @Test
    void aRequestWithoutTheTokenIsUnauthorized() throws Exception {
        Reply r = send("GET", "/registry/servers", null, null);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.contentType()).isEqualTo("application/json");
        assertThat(r.body()).isEqualTo(Json.parse("{\"error\":\"Unauthorized\",\"code\":\"unauthorized\"}"));
    }

    @Test
    void anUnauthenticatedRequestIsRefusedBeforeItsBodyArrives() throws Exception {
        // announces an 8 MiB body and sends none of it: the 401 must not wait for the body
        try (Socket s = new Socket("127.0.0.1", server.getPort())) {
            s.setSoTimeout(5_000);
            s.getOutputStream().write(("POST /registry/servers HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 8388608\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(answer).startsWith("HTTP/1.1 401").contains("Connection: close")
                    .endsWith("{\"error\":\"Unauthorized\",\"code\":\"unauthorized\"}");
        }
    }

    @Test
    void listingShowsTheConfiguredDomain() throws Exception {
        Reply r = send("GET", "/registry/servers", null, TOKEN);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).isEqualTo("application/json");
        assertThat(r.body().path("servers")).anySatisfy(s -> {
            assertThat(s.path("domain").asText()).isEqualTo("examples");
            assertThat(s.path("source").asText()).isEqualTo("configuration");
        });
    }

    @Test
    void aBodyThatIsNotJsonIsABadRequest() throws Exception {
        Reply r = send("POST", "/registry/servers", "not json", TOKEN);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.contentType()).isEqualTo("application/json");
        assertThat(r.body().path("code").asText()).isEqualTo("bad_request");
    }

    @Test
    void aUrlTheGuardRefusesIsRejectedBeforeAnyProbe() throws Exception {
        Reply r = send("POST", "/registry/servers", "{\"domain\":\"d\",\"url\":\"https://localhost/mcp\"}", TOKEN);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body().path("code").asText()).isEqualTo("ssrf_rejected");
        assertThat(registry.snapshot().hasDomain("d")).isFalse();
    }

    @Test
    void registeringProbesTheUpstreamAndAddsItsTools() throws Exception {
        try {
            Reply r = registerAnalytics();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.contentType()).isEqualTo("application/json");
            assertThat(r.body()).isEqualTo(Json.parse("{\"registered\":\"analytics\",\"url\":\"" + analytics.url()
                    + "\",\"discovery_url\":\"" + analytics.url() + "\",\"tools_discovered\":2,"
                    + "\"tools_added\":[\"analytics_metrics_query\",\"analytics_reports_generate\"]}"));
            assertThat(registry.snapshot().tools()).containsKeys("analytics_metrics_query", "analytics_reports_generate");
        } finally {
            send("DELETE", "/registry/servers/analytics", null, TOKEN);
        }
    }

    @Test
    void deregisteringRemovesTheDomainsTools() throws Exception {
        assertThat(registerAnalytics().status()).isEqualTo(200);
        Reply r = send("DELETE", "/registry/servers/analytics", null, TOKEN);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(Json.parse("{\"deregistered\":\"analytics\","
                + "\"tools_removed\":[\"analytics_metrics_query\",\"analytics_reports_generate\"]}"));
        assertThat(registry.snapshot().hasDomain("analytics")).isFalse();
    }

    @Test
    void deregisteringAnUnknownDomainIsNotFound() throws Exception {
        Reply r = send("DELETE", "/registry/servers/nope", null, TOKEN);
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.contentType()).isEqualTo("application/json");
        assertThat(r.body()).isEqualTo(Json.parse("{\"error\":\"Domain 'nope' is not registered\",\"code\":\"not_found\"}"));
    }
}
