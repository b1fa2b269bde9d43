package io.toolgate.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.toolgate.json.Json;
import io.toolgate.testing.Fixtures;
import io.toolgate.testing.NodeMcpClient;
import io.toolgate.testing.TestGateway;
import io.toolgate.testing.TestTokens;
import io.toolgate.testing.TestUpstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;

import static io.toolgate.testing.NodeMcpClient.call;
import static io.toolgate.testing.NodeMcpClient.json;
import static io.toolgate.testing.NodeMcpClient.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * JWT bearer authentication on /mcp with a locally generated key, the protected-resource metadata at
 * /.well-known/oauth-protected-resource that tells a client where to get a token, the token's user in hooks.
 */
class JwtAuthIT {

    private static final String ISSUER = "https://idp.example";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";

    private static HttpResponse<String> post(String url, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream").POST(HttpRequest.BodyPublishers.ofString(INITIALIZE));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void tokensAreCheckedAndTheirUserReachesHooks(@TempDir Path dir) throws Exception {
        KeyPair key = TestTokens.rsa();
        Path pem = Files.writeString(dir.resolve("idp.pem"), TestTokens.pem(key.getPublic()));
        try (TestUpstream crm = TestUpstream.start(Fixtures.crm());
             TestGateway gw = TestGateway.start(Map.of(
                     "gateway.upstreams", "{\"crm\":\"" + crm.url() + "\"}",
                     "gateway.jwt-issuer", ISSUER,
                     "gateway.jwt-audience", "toolgate",
                     "gateway.jwt-public-key", pem.toString(),
                     "gateway.jwt-required-scopes", "crm:read",
                     "gateway.routes", "examples/hooks/deny-tool.camel.yaml"))) {
            String host = gw.baseUrl().substring("http://".length());
            String metadataUrl = "http://" + host + "/.well-known/oauth-protected-resource/mcp";

            HttpResponse<String> missing = post(gw.mcpUrl(), null);
            assertThat(missing.statusCode()).isEqualTo(401);
            assertThat(missing.headers().firstValue("WWW-Authenticate"))
                    .hasValue("Bearer resource_metadata=\"" + metadataUrl + "\"");
            assertThat(Json.parse(missing.body()).at("/error/message").asText()).isEqualTo("Unauthorized: Bearer token required");

            HttpResponse<String> forged = post(gw.mcpUrl(), "Bearer " + TestTokens.sign(TestTokens.rsa().getPrivate(), "RS256",
                    null, TestTokens.claims(ISSUER, "toolgate", "mallory", "crm:read")));
            assertThat(forged.statusCode()).isEqualTo(401);
            assertThat(forged.headers().firstValue("WWW-Authenticate").orElseThrow())
                    .contains("error=\"invalid_token\"", "error_description=\"Invalid token signature\"");

            HttpResponse<String> noScope = post(gw.mcpUrl(), "Bearer " + TestTokens.sign(key.getPrivate(), "RS256", null,
                    TestTokens.claims(ISSUER, "toolgate", "eve", "profile")));
            assertThat(noScope.statusCode()).isEqualTo(403);
            assertThat(noScope.headers().firstValue("WWW-Authenticate").orElseThrow())
                    .contains("error=\"insufficient_scope\"", "scope=\"crm:read\"");

            for (String path : List.of("/.well-known/oauth-protected-resource", "/.well-known/oauth-protected-resource/mcp")) {
                HttpResponse<String> meta = get(gw.baseUrl() + path);
                assertThat(meta.statusCode()).isEqualTo(200);
                JsonNode doc = Json.parse(meta.body());
                assertThat(doc.path("resource").asText()).isEqualTo(gw.mcpUrl());
                assertThat(doc.at("/authorization_servers/0").asText()).isEqualTo(ISSUER);
                assertThat(doc.at("/scopes_supported/0").asText()).isEqualTo("crm:read");
            }

            Map<String, Object> create = Map.of("tool_name", "crm_contacts_create",
                    "arguments", Map.of("name", "Jane", "email", "j@example.com"));
            JsonNode reader = NodeMcpClient.run(gw.mcpUrl(), List.of(call("discover_tools", Map.of()),
                    call("execute_tool", create)), Map.of("Authorization", "Bearer " + TestTokens.sign(key.getPrivate(),
                    "RS256", null, TestTokens.claims(ISSUER, "toolgate", "alice", "crm:read")))).path("results");
            assertThat(json(reader.get(0)).at("/domains/0/name").asText()).isEqualTo("crm");
            assertThat(json(reader.get(1)).path("code").asText()).isEqualTo("write_scope_required");

            JsonNode writer = NodeMcpClient.run(gw.mcpUrl(), List.of(call("execute_tool", create)),
                    Map.of("Authorization", "Bearer " + TestTokens.sign(key.getPrivate(), "RS256", null,
                            TestTokens.claims(ISSUER, "toolgate", "bob", "crm:read crm:write")))).path("results");
            assertThat(text(writer.get(0))).isEqualTo("created Jane");
            assertThat(crm.calls()).extracting(TestUpstream.Call::tool).containsExactly("crm_contacts_create");
            assertThat(crm.calls().get(0).headers()).doesNotContainKey("authorization");
        }
    }

    @Test
    void withoutJwtSettingsThereIsNoCheckAndNoMetadata() throws Exception {
        try (TestUpstream crm = TestUpstream.start(Fixtures.crm());
             TestGateway gw = TestGateway.start(Map.of("gateway.upstreams", "{\"crm\":\"" + crm.url() + "\"}"))) {
            assertThat(post(gw.mcpUrl(), null).statusCode()).isEqualTo(200);
            assertThat(get(gw.baseUrl() + "/.well-known/oauth-protected-resource").statusCode()).isEqualTo(404);
        }
    }
}
