package io.toolgate.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.toolgate.json.Json;
import io.toolgate.testing.NodeMcpClient;
import io.toolgate.testing.TestGateway;
import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the gateway relays beyond tool results, end to end: the published reference server
 * {@code @modelcontextprotocol/server-everything} behind the gateway in direct mode (over Streamable HTTP, and over
 * stdio), driven by the official TypeScript
 * client ({@code e2e/protocol-client.mjs}): progress notifications, cancellation, sampling and elicitation requests,
 * resources, prompts, descriptor fields,
 * and {@code notifications/tools/list_changed} after a registration.
 */
class ProtocolIT {

    private static final String TOKEN = "protocol-it-registration-token-0123";
    static Process everything;
    static int everythingPort;

    @BeforeAll
    static void start() throws Exception {
        everythingPort = AvailablePortFinder.getNextAvailable();
        everything = NodeMcpClient.startServer("everything.mjs", everythingPort);
    }

    @AfterAll
    static void stop() throws Exception {
        everything.destroy();
        everything.waitFor();
    }

    /** The same server behind the gateway over Streamable HTTP, and as a child process over stdio. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"streamable-http", "stdio"})
    void progressCancellationResourcesPromptsAndListChangedReachTheClient(String transport, @TempDir Path data)
            throws Exception {
        String upstream = "http://127.0.0.1:" + everythingPort + "/mcp";
        String everythingEntry = transport.equals("stdio")
                ? Json.write(Map.of("command", "node", "args", List.of(NodeMcpClient.E2E
                        .resolve("node_modules/@modelcontextprotocol/server-everything/dist/index.js").toString(), "stdio")))
                : "\"" + upstream + "\"";
        try (TestGateway gateway = TestGateway.start(Map.of(
                "gateway.upstreams", "{\"everything\":" + everythingEntry + "}",
                "gateway.exposure", "direct",
                "gateway.registration-token", TOKEN,
                "gateway.url-guard-allow-private-ranges", "true",
                "gateway.data-dir", data.toString()))) {
            JsonNode out = runClient(gateway.mcpUrl(), gateway.baseUrl() + "/registry/servers", upstream);

            List<String> tools = names(out.path("tools"));
            assertThat(tools).contains("everything_echo", "everything_trigger-long-running-operation");
            JsonNode longRunning = out.path("longRunning");
            assertThat(longRunning.path("title").asText()).isEqualTo("Trigger Long Running Operation Tool");
            assertThat(longRunning.at("/annotations/readOnlyHint").asBoolean()).isTrue();
            assertThat(longRunning.at("/inputSchema/properties/duration/type").asText()).isEqualTo("number");

            assertThat(out.path("progress")).hasSize(3);
            assertThat(out.path("progress").findValuesAsText("progress")).containsExactly("1", "2", "3");
            assertThat(out.path("progress").findValuesAsText("total")).containsOnly("3");
            assertThat(out.path("progressResult").asText()).startsWith("Long running operation completed");

            assertThat(out.at("/cancelled/error").asText()).as("the 30 s operation ended by the abort, not by finishing")
                    .isNotEmpty();

            assertThat(out.path("sampling").asText()).as("the upstream's sampling request answered by the client")
                    .contains("sampled: Resource trigger-sampling-request context: hi");
            assertThat(out.path("elicitation").asText()).as("the upstream's elicitation answered by the client")
                    .contains("User declined");

            assertThat(names(out.path("resourceUris"))).isNotEmpty().allMatch(u -> u.startsWith("toolgate://everything/"));
            JsonNode content = out.at("/read/contents/0");
            assertThat(content.path("uri").asText()).isEqualTo(out.at("/resourceUris/0").asText());
            assertThat(content.has("text") || content.has("blob")).isTrue();

            assertThat(names(out.path("prompts"))).contains("everything_simple-prompt", "everything_args-prompt");
            assertThat(out.at("/prompt/messages/0/content/text").asText()).contains("Paris, Texas");

            assertThat(out.path("registrationStatus").asInt()).isEqualTo(200);
            assertThat(out.path("listChanged").asInt()).isPositive();
            assertThat(names(out.path("toolsAfter"))).contains("everything_echo", "second_echo");
        }
    }

    private static List<String> names(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static JsonNode runClient(String mcpUrl, String registrationUrl, String upstream) throws Exception {
        Process p = new ProcessBuilder("node", "protocol-client.mjs", mcpUrl, registrationUrl, TOKEN, upstream)
                .directory(NodeMcpClient.E2E.toFile()).redirectErrorStream(false).start();
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("client finished").isTrue();
        String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("client exit; stderr:%n%s", stderr).isZero();
        return Json.MAPPER.readTree(stdout);
    }
}
