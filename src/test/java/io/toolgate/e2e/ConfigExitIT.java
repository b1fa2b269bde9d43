package io.toolgate.e2e;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.junit.jupiter.api.Test;
import com.fasterxml.jackson.databind.JsonNode;
import io.toolgate.json.Json;

import java.io.File;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A bad value stops the real entry point with exit status 1 and one line naming the variable. */
class ConfigExitIT {

    @Test
    void aPortInUseExitsWithStatusOneNamingGatewayPort() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            File err = File.createTempFile("toolgate", ".err");
            ProcessBuilder pb = gateway(err);
            pb.environment().put("GATEWAY_HOST", "127.0.0.1");
            pb.environment().put("GATEWAY_PORT", String.valueOf(taken.getLocalPort()));
            Process p = pb.start();
            try {
                assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the gateway exits on its own").isTrue();
            } finally {
                p.destroyForcibly();
            }
            String output = Files.readString(err.toPath());
            err.delete();
            assertThat(p.exitValue()).isEqualTo(1);
            assertThat(output.lines().filter(l -> l.startsWith("ERROR toolgate: ")))
                    .containsExactly("ERROR toolgate: Cannot listen on 127.0.0.1:" + taken.getLocalPort()
                            + " (address already in use): set GATEWAY_PORT to a free port");
            assertThat(output).doesNotContain("\tat ");
            assertThat(output.lines().filter(l -> l.contains("ERROR"))).as("one line says it, once").hasSize(1);
        }
    }

    @Test
    void helpListsTheSettingsWithTheirDefaultsAndExitsWithStatusZero() throws Exception {
        File out = File.createTempFile("toolgate", ".out");
        Process p = gateway(out).command(System.getProperty("java.home") + "/bin/java", "-cp",
                System.getProperty("java.class.path"), "io.toolgate.GatewayMain", "--help").start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = Files.readString(out.toPath());
        out.delete();
        assertThat(p.exitValue()).isEqualTo(0);
        assertThat(output).startsWith("toolgate ").contains("\n  GATEWAY_HOST, GATEWAY_PORT\n      default: 0.0.0.0 / 8080\n")
                .contains("\n  GATEWAY_OPERATOR_TOKEN\n").doesNotContain("Apache Camel");
    }

    @Test
    void jsonLogFormatWritesEveryLineAsAJsonObjectAndWarnsOfUnknownVariables() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            File err = File.createTempFile("toolgate", ".err");
            ProcessBuilder pb = gateway(err);
            pb.environment().put("GATEWAY_LOG_FORMAT", "json");
            pb.environment().put("GATEWAY_HOOK_MODULE", "hooks:build");
            pb.environment().put("GATEWAY_HOST", "127.0.0.1");
            pb.environment().put("GATEWAY_PORT", String.valueOf(taken.getLocalPort()));
            Process p = pb.start();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            List<String> lines = Files.readString(err.toPath()).strip().lines().toList();
            err.delete();
            assertThat(p.exitValue()).isEqualTo(1);
            List<JsonNode> events = lines.stream().map(Json::parse).toList();
            assertThat(events).extracting(e -> e.path("level").asText() + " " + e.path("formattedMessage").asText())
                    .containsExactly("WARN GATEWAY_HOOK_MODULE is a fastmcp-gateway setting toolgate does not read; use "
                                    + "instead: Java hooks are classes named in GATEWAY_HOOK_CLASSES (with "
                                    + "GATEWAY_ALLOWED_HOOK_PREFIXES), YAML hooks are routes loaded from GATEWAY_ROUTES",
                            "ERROR Cannot listen on 127.0.0.1:" + taken.getLocalPort()
                                    + " (address already in use): set GATEWAY_PORT to a free port");
        }
    }

    private static ProcessBuilder gateway(File output) {
        ProcessBuilder pb = new ProcessBuilder(System.getProperty("java.home") + "/bin/java",
                "-cp", System.getProperty("java.class.path"), "io.toolgate.GatewayMain")
                .redirectErrorStream(true).redirectOutput(output);
        pb.environment().keySet().removeIf(k -> k.startsWith("GATEWAY_"));
        pb.environment().put("GATEWAY_SEARCH", "lexical");
        return pb;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "GATEWAY_UPSTREAMS|[1]|GATEWAY_UPSTREAMS must be a JSON object, got list",
            "GATEWAY_UPSTREAMS|{bad|Invalid JSON in GATEWAY_UPSTREAMS",
            "GATEWAY_UPSTREAMS|{\"crm\":{\"allowed_tools\":[\"*\"]}}|Upstream 'crm' object must contain exactly one of a non-empty 'url'",
            "GATEWAY_UPSTREAMS|{\"crm\":{\"url\":\"http://x\",\"allow\":[]}}|Invalid GATEWAY_UPSTREAMS: upstream 'crm' has unsupported key 'allow'",
            "GATEWAY_ACCESS_POLICY|/nonexistent/policy.yaml|Invalid GATEWAY_ACCESS_POLICY: cannot read /nonexistent/policy.yaml",
            "GATEWAY_UPSTREAMS|{\"crm\":{\"headers\":{}}}|must contain exactly one of a non-empty 'url'",
            "GATEWAY_UPSTREAMS|{\"crm\":\"ftp://x\"}|Invalid GATEWAY_UPSTREAMS: url of 'crm' must be an http(s) URL with a host",
            "GATEWAY_PORT|abc|Invalid GATEWAY_PORT value: abc (must be an integer)",
            "GATEWAY_REFRESH_INTERVAL|0|Invalid GATEWAY_REFRESH_INTERVAL: 0 (must be a positive, finite number)",
            "GATEWAY_REFRESH_INTERVAL|-5|Invalid GATEWAY_REFRESH_INTERVAL: -5 (must be a positive, finite number)",
            "GATEWAY_REFRESH_INTERVAL|nan|Invalid GATEWAY_REFRESH_INTERVAL: nan (must be a positive, finite number)",
            "GATEWAY_REFRESH_INTERVAL|soon|Invalid GATEWAY_REFRESH_INTERVAL: soon (must be a number)",
            "GATEWAY_RESULT_ENVELOPE|treu|Invalid GATEWAY_RESULT_ENVELOPE: 'treu' (expected one of: 0, 1, false, no, off, on, true, yes)",
            "GATEWAY_SCHEMA_PINNING|strict|Invalid GATEWAY_SCHEMA_PINNING: 'strict'",
            "GATEWAY_MAX_SCHEMA_DEPTH|65|Invalid GATEWAY_MAX_SCHEMA_DEPTH: 65 (must be an integer between 1 and 64)",
            "GATEWAY_SEARCH|semantic|Invalid GATEWAY_SEARCH: 'semantic'",
            "GATEWAY_UPSTREAM_HEADERS|{\"nope\":{\"X-A\":\"b\"}}|Invalid GATEWAY_UPSTREAM_HEADERS: unknown domain 'nope'",
            "GATEWAY_HOOK_CLASSES|com.example.hooks.AuditHook|GATEWAY_HOOK_CLASSES is set but GATEWAY_ALLOWED_HOOK_PREFIXES is empty",
            "GATEWAY_ROUTES|/nonexistent/*.camel.yaml|Invalid GATEWAY_ROUTES: '/nonexistent/*.camel.yaml' matches no file",
            "GATEWAY_JWT_ISSUER|https://idp.example|GATEWAY_JWT_ISSUER is set but neither GATEWAY_JWT_JWKS_URL nor GATEWAY_JWT_PUBLIC_KEY is",
            "GATEWAY_JWT_JWKS_URL|https://idp.example/jwks|GATEWAY_JWT_ISSUER is required when GATEWAY_JWT_JWKS_URL or GATEWAY_JWT_PUBLIC_KEY is set",
            "GATEWAY_REGISTRATION_ISSUER|https://idp.example|Partial JWT registration config (GATEWAY_REGISTRATION_ISSUER set): missing GATEWAY_REGISTRATION_AUDIENCE, GATEWAY_REGISTRATION_VERIFY_KEY",
            "GATEWAY_OUTPUT_GUARD|scrub|Invalid GATEWAY_OUTPUT_GUARD: 'scrub'",
            "GATEWAY_DATABASE_URL|mysql://db/toolgate|Invalid GATEWAY_DATABASE_URL: expected postgresql://user:password@host:port/database"})
    void invalidValueExitsWithStatusOne(String variable, String value, String message) throws Exception {
        File err = File.createTempFile("toolgate", ".err");
        ProcessBuilder pb = gateway(err);
        pb.environment().put(variable, value);
        pb.environment().put("GATEWAY_PORT", variable.equals("GATEWAY_PORT") ? value : "0");
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = Files.readString(err.toPath());
        err.delete();
        assertThat(p.exitValue()).isEqualTo(1);
        assertThat(output.strip().lines()).hasSize(1);
        assertThat(output).startsWith("ERROR toolgate: ").contains(message).contains(variable);
    }
}
