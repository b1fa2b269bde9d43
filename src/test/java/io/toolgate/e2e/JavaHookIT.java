package io.toolgate.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.toolgate.testing.Fixtures;
import io.toolgate.testing.GatewayProcess;
import io.toolgate.testing.NodeMcpClient;
import io.toolgate.testing.TestUpstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import static io.toolgate.testing.NodeMcpClient.call;
import static io.toolgate.testing.NodeMcpClient.json;
import static io.toolgate.testing.NodeMcpClient.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's hook-jar commands, for real: examples/hooks/java is compiled against target/toolgate.jar, packed into a
 * jar, and the gateway is started as {@code java -cp target/toolgate.jar:hooks.jar io.toolgate.GatewayMain} with
 * GATEWAY_HOOK_CLASSES naming the class.
 */
class JavaHookIT {

    private static final Path SOURCES = Path.of("examples", "hooks", "java");

    @Test
    void proxyUserHookAuthenticatesHidesAndAddsAHeader(@TempDir Path dir) throws Exception {
        Path hookJar = buildHookJar(dir);
        try (TestUpstream crm = TestUpstream.start(Fixtures.crm());
             GatewayProcess gateway = GatewayProcess.start(dir, Map.of(
                     "GATEWAY_UPSTREAMS", "{\"crm\":\"" + crm.url() + "\"}",
                     "GATEWAY_HOOK_CLASSES", "com.example.hooks.ProxyUserHook",
                     "GATEWAY_ALLOWED_HOOK_PREFIXES", "com.example.hooks"), hookJar)) {
            String url = gateway.mcpUrl();
            List<Map<String, Object>> steps = List.of(
                    call("discover_tools", Map.of("domain", "crm")),
                    call("execute_tool", Map.of("tool_name", "crm_contacts_search", "arguments", Map.of("query", "Jane"))),
                    call("execute_tool", Map.of("tool_name", "crm_contacts_create",
                            "arguments", Map.of("name", "Jane", "email", "j@example.com"))));

            JsonNode anonymous = NodeMcpClient.run(url, steps).path("results");
            assertThat(json(anonymous.get(0)).path("tools").findValuesAsText("name"))
                    .contains("crm_contacts_search").doesNotContain("crm_contacts_create");
            assertThat(json(anonymous.get(1)).path("code").asText()).isEqualTo("unauthenticated");
            assertThat(json(anonymous.get(1)).path("error").asText()).isEqualTo("Sign in to run tools");

            JsonNode reader = NodeMcpClient.run(url, steps,
                    Map.of("X-Forwarded-User", "alice", "X-Forwarded-Groups", "readers")).path("results");
            assertThat(text(reader.get(1))).contains("Jane Doe");
            assertThat(json(reader.get(2)).path("code").asText()).isEqualTo("tool_not_found");

            JsonNode writer = NodeMcpClient.run(url, steps,
                    Map.of("X-Forwarded-User", "bob", "X-Forwarded-Groups", "readers, writers")).path("results");
            assertThat(json(writer.get(0)).path("tools").findValuesAsText("name")).contains("crm_contacts_create");
            assertThat(text(writer.get(2))).isEqualTo("created Jane");

            assertThat(crm.calls()).extracting(c -> c.tool() + " by " + c.headers().get("x-forwarded-user"))
                    .containsExactly("crm_contacts_search by alice", "crm_contacts_search by bob",
                            "crm_contacts_create by bob");
        }
    }

    private static Path buildHookJar(Path dir) throws IOException {
        Path classes = Files.createDirectories(dir.resolve("classes"));
        List<String> sources;
        try (Stream<Path> walk = Files.walk(SOURCES)) {
            sources = walk.filter(p -> p.toString().endsWith(".java")).map(Path::toString).toList();
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        String[] args = Stream.concat(Stream.of("-cp", GatewayProcess.JAR.toString(), "-d", classes.toString()),
                sources.stream()).toArray(String[]::new);
        assertThat(javac.run(null, null, null, args)).as("javac exit status").isZero();
        Path jar = dir.resolve("hooks.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> walk = Files.walk(classes)) {
            for (Path f : walk.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace(File.separatorChar, '/')));
                Files.copy(f, out);
                out.closeEntry();
            }
        }
        return jar;
    }
}
