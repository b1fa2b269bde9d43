package io.toolgate.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.toolgate.json.Json;
import io.toolgate.testing.GatewayProcess;
import io.toolgate.testing.NodeMcpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static io.toolgate.testing.NodeMcpClient.call;
import static io.toolgate.testing.NodeMcpClient.json;
import static io.toolgate.testing.NodeMcpClient.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Stdio upstreams end to end: the published {@code server-memory} (started the way desktop clients start it, with
 * {@code npx}) and {@code server-filesystem} from npm, read from a Claude Desktop config file, a fixture server that can be killed mid-call, and three broken
 * children (exits at once, never answers, writes garbage) beside them; the official TypeScript client drives the
 * gateway, which runs as its own process so that its shutdown can be checked for orphans.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StdioUpstreamIT {

    static final Path FIXTURE = Path.of("src/test/resources/stdio/fixture-server.mjs").toAbsolutePath();
    static Path dir;
    static Path files;
    static GatewayProcess gateway;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("stdio-it");
        files = Files.createDirectories(dir.resolve("files"));
        Path desktop = dir.resolve("claude_desktop_config.json");
        Files.writeString(desktop, Json.write(Map.of("mcpServers", Map.of(
                "memory", Map.of("command", "npx", "args", List.of("-y", "@modelcontextprotocol/server-memory"),
                        "env", Map.of("MEMORY_FILE_PATH", dir.resolve("memory.jsonl").toString()),
                        "cwd", NodeMcpClient.E2E.toString(), "denied_tools", List.of("delete_*")),
                "files", Map.of("command", NodeMcpClient.E2E.resolve("node_modules/.bin/mcp-server-filesystem").toString(),
                        "args", List.of(files.toString()))))));
        Map<String, Object> upstreams = Map.of(
                "fixture", fixture("serve"),
                "broken", fixture("exit"),
                "silent", fixture("silent"),
                "garbage", fixture("garbage"));
        gateway = GatewayProcess.start(dir, Map.of("GATEWAY_UPSTREAMS", Json.write(upstreams),
                "GATEWAY_UPSTREAMS_FILE", desktop.toString(), "GATEWAY_UPSTREAM_TIMEOUT", "3"));
    }

    private static Map<String, Object> fixture(String mode) {
        return Map.of("command", "node", "args", List.of(FIXTURE.toString(), mode));
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.kill();
        }
    }

    @Test
    @Order(1)
    void memoryOverStdioKeepsWhatWasWrittenForLaterReads() throws Exception {
        JsonNode r = NodeMcpClient.run(gateway.mcpUrl(), List.of(
                call("discover_tools", Map.of("domain", "memory")),
                call("get_tool_schema", Map.of("tool_name", "memory_create_entities")),
                call("execute_tool", Map.of("tool_name", "memory_create_entities", "arguments", Map.of("entities",
                        List.of(Map.of("name", "toolgate", "entityType", "project", "observations", List.of("speaks stdio"))))))
        )).path("results");
        assertThat(json(r.get(0)).path("tools").findValuesAsText("name")).contains("memory_create_entities", "memory_read_graph")
                .as("denied_tools applies as for any upstream").doesNotContain("memory_delete_entities");
        assertThat(json(r.get(1)).at("/parameters/properties/entities/type").asText()).isEqualTo("array");
        assertThat(r.get(2).path("isError").asBoolean(false)).as(r.get(2).toString()).isFalse();

        JsonNode later = NodeMcpClient.run(gateway.mcpUrl(), List.of(
                call("execute_tool", Map.of("tool_name", "memory_read_graph")))).path("results");
        assertThat(text(later.get(0))).contains("toolgate").contains("speaks stdio");
    }

    @Test
    @Order(2)
    void filesystemOverStdioReadsBackWhatItWrote() throws Exception {
        String file = files.resolve("note.txt").toString();
        JsonNode r = NodeMcpClient.run(gateway.mcpUrl(), List.of(
                call("execute_tool", Map.of("tool_name", "files_write_file", "arguments", Map.of("path", file, "content", "hello stdio"))),
                call("execute_tool", Map.of("tool_name", "files_read_text_file", "arguments", Map.of("path", file)))
        )).path("results");
        assertThat(r.get(0).path("isError").asBoolean(false)).as(r.get(0).toString()).isFalse();
        assertThat(Files.readString(files.resolve("note.txt"))).isEqualTo("hello stdio");
        assertThat(text(r.get(1))).isEqualTo("hello stdio");
    }

    @Test
    @Order(3)
    void brokenChildrenAreLoggedClearlyAndLeaveTheOtherDomainsServed() throws Exception {
        JsonNode r = NodeMcpClient.run(gateway.mcpUrl(), List.of(
                call("discover_tools", Map.of()),
                call("execute_tool", Map.of("tool_name", "fixture_echo", "arguments", Map.of("text", "still here")))
        )).path("results");
        assertThat(json(r.get(0)).toString()).contains("memory").contains("files").contains("fixture")
                .doesNotContain("garbage_").doesNotContain("silent_").doesNotContain("broken_");
        assertThat(text(r.get(1))).isEqualTo("still here");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(gateway.log())
                .contains("[broken] boom").contains("Upstream 'broken' process")
                .contains("exited with status 2 (stderr: boom)")
                .contains("Upstream 'garbage' wrote a line that is not JSON-RPC to stdout; ignored: this is not json")
                .containsPattern("Upstream 'silent' process \\d+ does not answer \\(timed out after 3000 ms\\); ending it"));
    }

    @Test
    @Order(4)
    void aChildKilledDuringACallFailsThatCallAndTheNextCallAfterTheRestartSucceeds() throws Exception {
        long first = Long.parseLong(text(NodeMcpClient.run(gateway.mcpUrl(), List.of(
                call("execute_tool", Map.of("tool_name", "fixture_pid")))).path("results").get(0)));
        CompletableFuture<JsonNode> slow = CompletableFuture.supplyAsync(() -> {
            try {
                return NodeMcpClient.run(gateway.mcpUrl(), List.of(
                        call("execute_tool", Map.of("tool_name", "fixture_slow", "arguments", Map.of("ms", 60000)))));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> gateway.log().contains("[fixture] slow 60000 started"));
        long killed = System.nanoTime();
        ProcessHandle.of(first).orElseThrow().destroyForcibly();
        JsonNode failed = slow.get().path("results").get(0);
        assertThat(Duration.ofNanos(System.nanoTime() - killed)).as("fails at once, not after 60 s")
                .isLessThan(Duration.ofSeconds(10));
        assertThat(failed.path("isError").asBoolean()).isTrue();
        assertThat(json(failed).path("code").asText()).isEqualTo("execution_error");
        assertThat(gateway.log()).contains("Upstream 'fixture' process " + first + " exited with status 137");

        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> {
            JsonNode again = NodeMcpClient.run(gateway.mcpUrl(), List.of(
                    call("execute_tool", Map.of("tool_name", "fixture_pid")))).path("results").get(0);
            assertThat(Long.parseLong(text(again))).isNotEqualTo(first);
        });
    }

    @Test
    @Order(5)
    void stoppingTheGatewayLeavesNoChildProcess() throws Exception {
        List<ProcessHandle> children = ProcessHandle.of(gateway.pid()).orElseThrow().descendants().toList();
        assertThat(children).as("memory (npx and node), files, fixture, silent, garbage").hasSizeGreaterThanOrEqualTo(5);
        gateway.close();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(children.stream().filter(ProcessHandle::isAlive).map(p -> p.pid() + " " + p.info().commandLine()
                        .orElse("?")).toList()).isEmpty());
    }
}
