package io.toolgate.config;

import io.toolgate.auth.JwtSettings;
import io.toolgate.error.ConfigException;
import io.toolgate.hooks.OutputGuardHook;
import io.toolgate.mcp.Exposure;
import io.toolgate.registration.RegistrationSettings;
import io.toolgate.registry.AccessPolicy;
import io.toolgate.registry.SchemaPinning;
import io.toolgate.registry.ToolNaming;
import io.toolgate.testing.TestTokens;
import io.toolgate.upstream.UpstreamSpec;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GatewayConfigTest {

    private static GatewayConfig load(Map<String, String> values) {
        return GatewayConfig.load(values::get);
    }

    @Test
    void defaultsServeTheExamplesDomain() {
        GatewayConfig c = load(Map.of());
        assertThat(c.server().port()).isEqualTo(8080);
        assertThat(c.server().host()).isEqualTo("0.0.0.0");
        assertThat(c.server().name()).isEqualTo("toolgate");
        assertThat(c.upstreams().specs()).extracting(UpstreamSpec::domain).containsExactly("examples");
        assertThat(c.upstreams().specs().get(0).endpointUri()).isEqualTo("direct:examples");
        assertThat(c.tools().schemaPinning()).isEqualTo(SchemaPinning.WARN);
        assertThat(c.tools().naming()).isEqualTo(ToolNaming.PREFIXED);
        assertThat(c.upstreams().timeoutMillis()).isEqualTo(30_000);
        assertThat(c.upstreams().refreshIntervalMillis()).isZero();
        assertThat(c.upstreams().maxResponseBytes()).isEqualTo(16L * 1024 * 1024);
        assertThat(c.server().maxSessions()).isEqualTo(10_000);
        assertThat(c.server().sessionIdleMillis()).isEqualTo(1_800_000);
    }

    @Test
    void codeModeIsOffByDefaultWithTheSeedsLimits() {
        CodeModeSettings off = load(Map.of()).codeMode();
        assertThat(off.enabled()).isFalse();
        assertThat(off.maxDurationMillis()).isEqualTo(30_000);
        assertThat(off.maxMemoryBytes()).isEqualTo(256L * 1024 * 1024);
        assertThat(off.maxStatements()).isEqualTo(10_000_000);
        assertThat(off.maxRecursionDepth()).isEqualTo(200);
        assertThat(off.maxNestedCalls()).isEqualTo(50);
        assertThat(off.auditVerbatim()).isFalse();
        CodeModeSettings on = load(Map.of("gateway.code-mode", "true", "gateway.code-mode-max-duration-secs", "2.5",
                "gateway.code-mode-max-nested-calls", "5", "gateway.code-mode-audit-verbatim", "true")).codeMode();
        assertThat(on.enabled()).isTrue();
        assertThat(on.maxDurationMillis()).isEqualTo(2_500);
        assertThat(on.maxNestedCalls()).isEqualTo(5);
        assertThat(on.auditVerbatim()).isTrue();
        assertThatThrownBy(() -> load(Map.of("gateway.code-mode-max-memory", "1000")))
                .hasMessage("Invalid GATEWAY_CODE_MODE_MAX_MEMORY: 1000 (must be an integer >= 33554432)");
        assertThatThrownBy(() -> load(Map.of("gateway.code-mode-max-nested-calls", "0")))
                .hasMessageStartingWith("Invalid GATEWAY_CODE_MODE_MAX_NESTED_CALLS: 0");
    }

    @Test
    void sessionLimitsAreRead() {
        GatewayConfig c = load(Map.of("gateway.max-sessions", "3", "gateway.session-idle-timeout", "90"));
        assertThat(c.server().maxSessions()).isEqualTo(3);
        assertThat(c.server().sessionIdleMillis()).isEqualTo(90_000);
        assertThatThrownBy(() -> load(Map.of("gateway.max-sessions", "0")))
                .hasMessage("Invalid GATEWAY_MAX_SESSIONS: 0 (must be an integer between 1 and 1000000)");
        assertThatThrownBy(() -> load(Map.of("gateway.session-idle-timeout", "-1")))
                .hasMessage("Invalid GATEWAY_SESSION_IDLE_TIMEOUT: -1 (must be a positive, finite number)");
    }

    @Test
    void invalidValuesNameTheirVariable() {
        assertThatThrownBy(() -> load(Map.of("gateway.upstreams", "{\"bad domain\":\"http://x\"}")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("GATEWAY_UPSTREAMS").hasMessageContaining("'bad domain'");
        assertThatThrownBy(() -> load(Map.of("gateway.upstreams", "{\"a\":{\"url\":\"http://x\",\"headers\":{\"X\":\"a\\nb\"}}}")))
                .hasMessageContaining("GATEWAY_UPSTREAMS").hasMessageContaining("header 'X'");
        assertThatThrownBy(() -> load(Map.of("gateway.upstreams", "{\"a\":{\"url\":\"http://x\",\"endpoint\":\"direct:x\"}}")))
                .hasMessageContaining("exactly one of");
        assertThatThrownBy(() -> load(Map.of("gateway.upstreams", "{\"examples\":\"http://x\"}", "gateway.examples", "on")))
                .hasMessageContaining("reserved");
        assertThatThrownBy(() -> load(Map.of("gateway.domain-descriptions", "{\"a\":1}")))
                .hasMessageContaining("GATEWAY_DOMAIN_DESCRIPTIONS");
        assertThatThrownBy(() -> load(Map.of("gateway.upstream-timeout", "inf")))
                .hasMessage("Invalid GATEWAY_UPSTREAM_TIMEOUT: inf (must be a positive, finite number)");
        assertThatThrownBy(() -> load(Map.of("gateway.tool-naming", "random")))
                .hasMessage("Invalid GATEWAY_TOOL_NAMING: 'random'");
    }

    @Test
    void loadingHasNoSideEffects(@TempDir Path dir) {
        Path dataDir = dir.resolve("data");
        GatewayConfig c = load(Map.of("gateway.registration-token", "0123456789abcdef", "gateway.data-dir", dataDir.toString(),
                "gateway.hook-classes", "io.toolgate.hooks.NotLoaded", "gateway.allowed-hook-prefixes", "io.toolgate.hooks"));
        assertThat(c.database()).isNotNull();
        assertThat(dataDir).doesNotExist();
        assertThat(c.hooks().classNames()).containsExactly("io.toolgate.hooks.NotLoaded");
    }

    @Nested
    class Upstreams {

        @Test
        void upstreamsInEveryForm() {
            GatewayConfig c = load(Map.of(
                    "gateway.upstreams", """
                            {"crm":"http://127.0.0.1:3001/mcp",
                             "erp":{"url":"https://erp.example/mcp","headers":{"X-Key":"k"},"forward_headers":["X-Tenant"]},
                             "local":{"endpoint":"direct:my-tools"}}""",
                    "gateway.upstream-headers", "{\"crm\":{\"Authorization\":\"Bearer s\"}}",
                    "gateway.forward-headers", "x-request-id",
                    "gateway.refresh-interval", "1.5"));
            List<UpstreamSpec> specs = c.upstreams().specs();
            assertThat(specs).extracting(UpstreamSpec::domain).containsExactly("crm", "erp", "local");
            assertThat(specs.get(0)).isEqualTo(UpstreamSpec.configured("crm", "http://127.0.0.1:3001/mcp", "mcp-upstream:crm",
                    Map.of("Authorization", "Bearer s"), List.of("x-request-id")));
            assertThat(specs.get(1).forwardHeaders()).containsExactly("x-tenant");
            assertThat(specs.get(1).headers()).containsEntry("X-Key", "k");
            assertThat(specs.get(2).endpointUri()).isEqualTo("direct:my-tools");
            assertThat(c.upstreams().refreshIntervalMillis()).isEqualTo(1500);
        }

        @Test
        void inlineToolListsRestrictTheirOwnDomain() {
            GatewayConfig c = load(Map.of("gateway.upstreams", """
                    {"crm":{"url":"http://127.0.0.1:3001/mcp","allowed_tools":["crm_contacts_*"],"denied_tools":["*_delete"]},
                     "analytics":"http://127.0.0.1:3002/mcp"}"""));
            AccessPolicy policy = c.upstreams().accessPolicy();
            assertThat(policy.isAllowed("crm", "contacts_search")).isTrue();
            assertThat(policy.isAllowed("crm", "contacts_delete")).isFalse();
            assertThat(policy.isAllowed("crm", "deals_list")).isFalse();
            assertThat(policy.isAllowed("analytics", "metrics_query")).isTrue();
            assertThat(load(Map.of()).upstreams().accessPolicy()).isSameAs(AccessPolicy.ALLOW_ALL);
            assertThatThrownBy(() -> load(Map.of("gateway.upstreams", "{\"crm\":{\"allowed_tools\":[\"*\"]}}")))
                    .hasMessageContaining("must contain exactly one of a non-empty 'url'");
            assertThatThrownBy(() -> load(Map.of("gateway.upstreams", "{\"crm\":{\"url\":\"http://x\",\"allowed_tools\":\"*\"}}")))
                    .hasMessage("Invalid GATEWAY_UPSTREAMS: 'allowed_tools' of 'crm' must be a list of strings");
            assertThatThrownBy(() -> load(Map.of("gateway.upstreams", "{\"crm\":{\"url\":\"http://x\",\"denied_tools\":[1]}}")))
                    .hasMessage("Invalid GATEWAY_UPSTREAMS: 'denied_tools' of 'crm' must be a list of strings");
        }

        @Test
        void policyFileInYamlOrJsonWinsOverInlineLists(@TempDir Path dir) throws Exception {
            Path yaml = Files.writeString(dir.resolve("policy.yaml"), """
                    allow:
                      crm: ["crm_contacts_*"]
                    deny:
                      crm: ["*_delete"]
                    """);
            Path json = Files.writeString(dir.resolve("policy.json"), "{\"allow\":{\"crm\":[\"contacts_*\"]}}");
            for (Path file : List.of(yaml, json)) {
                GatewayConfig c = load(Map.of("gateway.access-policy", file.toString(), "gateway.upstreams",
                        "{\"crm\":{\"url\":\"http://x\",\"allowed_tools\":[\"*\"]},\"analytics\":\"http://y\"}"));
                assertThat(c.upstreams().accessPolicy().isAllowed("crm", "contacts_search")).isTrue();
                assertThat(c.upstreams().accessPolicy().isAllowed("crm", "deals_list")).isFalse();
                assertThat(c.upstreams().accessPolicy().isAllowed("analytics", "metrics_query")).isFalse();
            }
            assertThat(load(Map.of("gateway.access-policy", yaml.toString())).upstreams().accessPolicy()
                    .isAllowed("crm", "contacts_delete")).isFalse();

            assertThatThrownBy(() -> load(Map.of("gateway.access-policy", dir.resolve("missing.yaml").toString())))
                    .hasMessageStartingWith("Invalid GATEWAY_ACCESS_POLICY: cannot read");
            Path extra = Files.writeString(dir.resolve("extra.yaml"), "allow: {}\nhide: {}\n");
            assertThatThrownBy(() -> load(Map.of("gateway.access-policy", extra.toString())))
                    .hasMessage("Invalid GATEWAY_ACCESS_POLICY: unsupported key 'hide' (supported: allow, deny)");
            Path notList = Files.writeString(dir.resolve("bad.yaml"), "deny:\n  crm: \"*\"\n");
            assertThatThrownBy(() -> load(Map.of("gateway.access-policy", notList.toString())))
                    .hasMessage("Invalid GATEWAY_ACCESS_POLICY: 'deny' must map domains to lists of strings");
            Path scalar = Files.writeString(dir.resolve("scalar.yaml"), "just text\n");
            assertThatThrownBy(() -> load(Map.of("gateway.access-policy", scalar.toString())))
                    .hasMessageEndingWith("must hold an object with 'allow' and/or 'deny'");
        }
    }

    @Nested
    class ExposureAndHosts {

        @Test
        void exposureBareNamingAndAllowedHosts() {
            GatewayConfig defaults = load(Map.of());
            assertThat(defaults.tools().exposure()).isEqualTo(Exposure.META);
            assertThat(defaults.tools().directMaxTools()).isEqualTo(40);
            assertThat(defaults.server().allowedHosts()).isEmpty();
            assertThat(load(Map.of("gateway.host", "127.0.0.1")).server().allowedHosts()).containsExactly("localhost");
            assertThat(load(Map.of("gateway.host", "127.0.0.1", "gateway.allowed-hosts", "*")).server().allowedHosts()).isEmpty();
            assertThat(load(Map.of("gateway.allowed-hosts", "MCP.example.com, mcp.example.com:8443")).server().allowedHosts())
                    .containsExactly("mcp.example.com", "mcp.example.com:8443");
            GatewayConfig direct = load(Map.of("gateway.upstreams", "{\"crm\":\"http://127.0.0.1:3001/mcp\"}",
                    "gateway.exposure", "Auto", "gateway.direct-max-tools", "5", "gateway.tool-naming", "bare"));
            assertThat(direct.tools().exposure()).isEqualTo(Exposure.AUTO);
            assertThat(direct.tools().directMaxTools()).isEqualTo(5);
            assertThat(direct.tools().naming()).isEqualTo(ToolNaming.BARE);
            assertThatThrownBy(() -> load(Map.of("gateway.exposure", "everything")))
                    .hasMessage("Invalid GATEWAY_EXPOSURE: 'everything'");
            assertThatThrownBy(() -> load(Map.of("gateway.direct-max-tools", "0")))
                    .hasMessageContaining("GATEWAY_DIRECT_MAX_TOOLS");
            assertThatThrownBy(() -> load(Map.of("gateway.tool-naming", "bare", "gateway.upstreams",
                    "{\"a\":\"http://127.0.0.1:1/mcp\",\"b\":\"http://127.0.0.1:2/mcp\"}")))
                    .hasMessage("Invalid GATEWAY_TOOL_NAMING: bare needs exactly one upstream, 2 configured");
            assertThatThrownBy(() -> load(Map.of("gateway.tool-naming", "bare", "gateway.examples", "true",
                    "gateway.upstreams", "{\"a\":\"http://127.0.0.1:1/mcp\"}")))
                    .hasMessageContaining("the examples domain counts");
        }
    }

    @Nested
    class Hooks {

        @Test
        void outputGuardModes() {
            assertThat(load(Map.of()).hooks().outputGuard()).isNull();
            assertThat(load(Map.of("gateway.output-guard", "off")).hooks().outputGuard()).isNull();
            assertThat(load(Map.of("gateway.output-guard", "Marker")).hooks().outputGuard()).isEqualTo(OutputGuardHook.Mode.MARKER);
            assertThatThrownBy(() -> load(Map.of("gateway.output-guard", "scrub"))).hasMessage("Invalid GATEWAY_OUTPUT_GUARD: 'scrub'");
        }

        @Test
        void hookClassNamesAreCheckedWhenRead() {
            assertThatThrownBy(() -> load(Map.of("gateway.hook-classes", "com.example.hooks.AuditHook")))
                    .isInstanceOf(ConfigException.class).hasMessageContaining("GATEWAY_ALLOWED_HOOK_PREFIXES is empty");
            assertThatThrownBy(() -> load(Map.of("gateway.hook-classes", "com.example.hooks.AuditHook",
                    "gateway.allowed-hook-prefixes", "org.example")))
                    .hasMessageContaining("is not under GATEWAY_ALLOWED_HOOK_PREFIXES");
        }
    }

    @Nested
    class Jwt {

        @Test
        void jwtSettingsAreReadAndCheckedTogether(@TempDir Path dir) throws Exception {
            assertThat(load(Map.of()).jwt()).isNull();
            Path pem = Files.writeString(dir.resolve("idp.pem"), TestTokens.pem(TestTokens.ec().getPublic()));
            JwtSettings jwt = load(Map.of("gateway.jwt-issuer", "https://idp.example", "gateway.jwt-public-key", pem.toString(),
                    "gateway.jwt-required-scopes", "mcp:use, crm:read", "gateway.jwt-leeway", "5")).jwt();
            assertThat(jwt.issuer()).isEqualTo("https://idp.example");
            assertThat(jwt.publicKey().getAlgorithm()).isEqualTo("EC");
            assertThat(jwt.requiredScopes()).containsExactly("mcp:use", "crm:read");
            assertThat(jwt.leewaySeconds()).isEqualTo(5);
            assertThat(jwt.audience()).isNull();
            assertThat(load(Map.of("gateway.jwt-issuer", "i", "gateway.jwt-jwks-url", "https://idp.example/jwks")).jwt().leewaySeconds())
                    .isEqualTo(60);

            Path notPem = Files.writeString(dir.resolve("bad.pem"), "hello");
            assertThatThrownBy(() -> load(Map.of("gateway.jwt-issuer", "i", "gateway.jwt-public-key", notPem.toString())))
                    .hasMessageContaining("Invalid GATEWAY_JWT_PUBLIC_KEY: " + notPem + " holds no RSA or EC public key");
            assertThatThrownBy(() -> load(Map.of("gateway.jwt-issuer", "i", "gateway.jwt-public-key", dir + "/none.pem")))
                    .hasMessageContaining("Invalid GATEWAY_JWT_PUBLIC_KEY: cannot read");
            assertThatThrownBy(() -> load(Map.of("gateway.jwt-issuer", "i", "gateway.jwt-public-key", pem.toString(),
                    "gateway.jwt-jwks-url", "https://idp.example/jwks"))).hasMessageContaining("not both");
            assertThatThrownBy(() -> load(Map.of("gateway.jwt-issuer", "i", "gateway.jwt-jwks-url", "file:///etc/keys")))
                    .hasMessageContaining("Invalid GATEWAY_JWT_JWKS_URL");
            assertThatThrownBy(() -> load(Map.of("gateway.jwt-required-scopes", "a")))
                    .hasMessageContaining("GATEWAY_JWT_REQUIRED_SCOPES is set but neither");
            assertThatThrownBy(() -> load(Map.of("gateway.jwt-issuer", "i", "gateway.jwt-public-key", pem.toString(),
                    "gateway.jwt-leeway", "-1"))).hasMessageContaining("Invalid GATEWAY_JWT_LEEWAY");
        }
    }

    @Nested
    class Registration {

        @Test
        void registrationIsOffUntilATokenOrTheJwtTrioIsSet(@TempDir Path dir) throws Exception {
            assertThat(load(Map.of()).registration()).isNull();
            GatewayConfig withToken = load(Map.of("gateway.registration-token", "0123456789abcdef",
                    "gateway.registration-allowed-headers", "X-Api-Key, x-tenant", "gateway.data-dir", dir.toString()));
            RegistrationSettings token = withToken.registration();
            assertThat(token.token()).isEqualTo("0123456789abcdef");
            assertThat(token.jwt()).isNull();
            assertThat(token.allowedHeaders()).containsExactlyInAnyOrder("x-api-key", "x-tenant");
            assertThat(token.allowPrivateRanges()).isFalse();
            assertThat(token.dnsTimeoutMillis()).isEqualTo(5000);
            assertThat(withToken.database().description())
                    .isEqualTo("embedded database " + dir.toAbsolutePath().resolve("toolgate") + ".mv.db");

            String pem = TestTokens.pem(TestTokens.ec().getPublic());
            Path pemFile = Files.writeString(dir.resolve("registry.pem"), pem);
            Map<String, String> trio = Map.of("gateway.registration-issuer", "https://idp.example",
                    "gateway.registration-audience", "registry", "gateway.registration-verify-key", pem);
            JwtSettings jwt = load(trio).registration().jwt();
            assertThat(jwt.issuer()).isEqualTo("https://idp.example");
            assertThat(jwt.audience()).isEqualTo("registry");
            assertThat(jwt.algorithms()).containsExactly("ES256");
            assertThat(jwt.leewaySeconds()).isEqualTo(10);
            Map<String, String> fromFile = new HashMap<>(trio);
            fromFile.put("gateway.registration-verify-key", pemFile.toString());
            fromFile.put("gateway.registration-algorithms", "ES256,RS256");
            assertThat(load(fromFile).registration().jwt().algorithms()).containsExactlyInAnyOrder("ES256", "RS256");

            Map<String, String> both = new HashMap<>(trio);
            both.put("gateway.registration-token", "0123456789abcdef");
            assertThatThrownBy(() -> load(both)).hasMessage("GATEWAY_REGISTRATION_TOKEN and "
                    + "GATEWAY_REGISTRATION_ISSUER/_AUDIENCE/_VERIFY_KEY are mutually exclusive. Unset one.");
            assertThatThrownBy(() -> load(Map.of("gateway.registration-audience", "a")))
                    .hasMessage("Partial JWT registration config (GATEWAY_REGISTRATION_AUDIENCE set): missing "
                            + "GATEWAY_REGISTRATION_ISSUER, GATEWAY_REGISTRATION_VERIFY_KEY");
            for (String algs : new String[] {"none", "HS256", "ES256,None", " , "}) {
                Map<String, String> bad = new HashMap<>(trio);
                bad.put("gateway.registration-algorithms", algs);
                assertThatThrownBy(() -> load(bad)).as(algs).hasMessageStartingWith("Invalid GATEWAY_REGISTRATION_ALGORITHMS");
            }
            Map<String, String> badKey = new HashMap<>(trio);
            badKey.put("gateway.registration-verify-key", "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----");
            assertThatThrownBy(() -> load(badKey)).hasMessageStartingWith("Invalid GATEWAY_REGISTRATION_VERIFY_KEY");
        }
    }

    @Nested
    class DatabaseUrl {

        @Test
        void databaseUrlsBecomeJdbcUrlsWithoutPasswordsInTheirDescription() {
            GatewayConfig pg = load(Map.of("gateway.registration-token", "0123456789abcdef",
                    "gateway.database-url", "postgresql://gw:p%40ss@db.internal:5432/toolgate?sslmode=require"));
            assertThat(pg.database().description()).isEqualTo("PostgreSQL db.internal:5432/toolgate");
            GatewayConfig jdbc = load(Map.of("gateway.registration-token", "0123456789abcdef",
                    "gateway.database-url", "jdbc:postgresql://db.internal/toolgate?user=gw&password=secret"));
            assertThat(jdbc.database().description()).isEqualTo("PostgreSQL //db.internal/toolgate");
            assertThatThrownBy(() -> load(Map.of("gateway.registration-token", "0123456789abcdef",
                    "gateway.database-url", "jdbc:mysql://db/toolgate"))).hasMessageStartingWith("Invalid GATEWAY_DATABASE_URL");
        }

        @Test
        void onlyRegistrationOrADatabaseUrlAsksForADatabase() {
            assertThat(load(Map.of()).database()).isNull();
            assertThat(load(Map.of("gateway.database-url", "jdbc:postgresql://db.internal/toolgate")).database()).isNotNull();
        }
    }
}
