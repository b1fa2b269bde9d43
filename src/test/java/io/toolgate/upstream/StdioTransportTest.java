package io.toolgate.upstream;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.toolgate.json.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The stdio transport against a real child process: {@code src/test/resources/stdio/fixture-server.mjs} on Node. */
class StdioTransportTest {

    private static final Path FIXTURE = Path.of("src/test/resources/stdio/fixture-server.mjs").toAbsolutePath();

    private final ExecutorService relay = Executors.newCachedThreadPool();
    private final List<JsonNode> events = new CopyOnWriteArrayList<>();
    private final List<UpstreamClient> clients = new CopyOnWriteArrayList<>();

    @AfterEach
    void tearDown() {
        clients.forEach(UpstreamClient::close);
        relay.shutdownNow();
    }

    private UpstreamClient client(String mode, Map<String, String> env, long timeoutMillis) {
        UpstreamClient c = UpstreamClient.stdio("fx", new StdioCommand("node", List.of(FIXTURE.toString(), mode), env, null),
                timeoutMillis, 1 << 20, "test", relay, events::add);
        clients.add(c);
        return c;
    }

    private static String text(JsonNode result) {
        return result.path("content").path(0).path("text").asText();
    }

    private static long pid(UpstreamClient c) {
        return Long.parseLong(text(c.callTool("pid", Json.object(), null, Map.of(), null)));
    }

    @Test
    void listsAndCallsToolsOverOneProcessSharedByConcurrentCallers() throws Exception {
        UpstreamClient c = client("serve", Map.of(), 10_000);
        assertThat(c.listTools(Map.of())).extracting(t -> t.path("name").asText()).contains("echo", "slow", "crash");
        long pid = pid(c);
        CompletableFuture<JsonNode> slow = CompletableFuture.supplyAsync(() -> c.callTool("slow",
                Json.parse("{\"ms\":600}"), null, Map.of(), null));
        CompletableFuture<JsonNode> fast = CompletableFuture.supplyAsync(() -> c.callTool("echo",
                Json.parse("{\"text\":\"hi\"}"), null, Map.of("Authorization", "Bearer differs"), null));
        assertThat(text(fast.get(5, TimeUnit.SECONDS))).isEqualTo("hi");
        assertThat(slow.isDone()).isFalse();
        assertThat(text(slow.get(5, TimeUnit.SECONDS))).isEqualTo("slept 600");
        assertThat(pid(c)).as("one process for every caller and header set").isEqualTo(pid);
    }

    @Test
    void aToolListChangeTheChildSendsOutsideAnyCallReachesTheEventsWhileListening() {
        UpstreamClient c = client("serve", Map.of(), 10_000);
        c.listTools(Map.of());
        relay.execute(() -> c.listen(Map.of()));
        await().atMost(Duration.ofSeconds(10)).until(c::listening);
        c.callTool("grow", Json.object(), null, Map.of(), null);
        await().atMost(Duration.ofSeconds(10)).until(() -> events.stream()
                .anyMatch(e -> e.path("method").asText().equals("notifications/tools/list_changed")));
        assertThat(c.listTools(Map.of())).extracting(t -> t.path("name").asText()).contains("grown9");
    }

    @Test
    void theChildGetsOnlyItsEntrysEnvironmentPlusPathHomeAndLocale() {
        UpstreamClient c = client("serve", Map.of("MEMORY_FILE_PATH", "/tmp/m.jsonl"), 10_000);
        JsonNode env = Json.parse(text(c.callTool("env", Json.object(), null, Map.of(), null)));
        assertThat(env.path("MEMORY_FILE_PATH").asText()).isEqualTo("/tmp/m.jsonl");
        env.fieldNames().forEachRemaining(name -> assertThat(name)
                .matches("MEMORY_FILE_PATH|PATH|HOME|LANG|LANGUAGE|LC_.*"));
    }

    @Test
    void theGatewaysOwnVariablesNeverReachTheChild() {
        Map<String, String> child = new HashMap<>(Map.of("LEFTOVER", "x"));
        ChildProcess.environment(child, Map.of("PATH", "/bin", "HOME", "/home/g", "LC_ALL", "C.UTF-8",
                "GATEWAY_REGISTRY_AUTH_TOKEN", "secret", "GATEWAY_DATABASE_URL", "jdbc:postgresql://db/x",
                "AWS_SECRET_ACCESS_KEY", "k"), Map.of("API_KEY", "for-the-child"));
        assertThat(child).containsOnly(Map.entry("PATH", "/bin"), Map.entry("HOME", "/home/g"),
                Map.entry("LC_ALL", "C.UTF-8"), Map.entry("API_KEY", "for-the-child"));
    }

    @Test
    void progressGoesToTheCallThatAskedAndLoggingToTheOnlyCallInFlight() {
        UpstreamClient c = client("serve", Map.of(), 10_000);
        RecordingListener listener = new RecordingListener();
        c.callTool("progress", Json.object(), Json.parse("{\"progressToken\":\"tok-1\"}"), Map.of(), listener);
        c.callTool("log", Json.object(), null, Map.of(), listener);
        assertThat(listener.notifications).extracting(n -> n.path("method").asText())
                .containsExactly("notifications/progress", "notifications/message");
        assertThat(listener.notifications.get(0).path("params").path("progressToken").asText()).isEqualTo("tok-1");
    }

    @Test
    void aChildThatExitsFailsTheCallsInFlightAtOnceAndIsRestartedAndReListed() {
        UpstreamClient c = client("serve", Map.of(), 30_000);
        long first = pid(c);
        CompletableFuture<JsonNode> slow = CompletableFuture.supplyAsync(() -> c.callTool("slow",
                Json.parse("{\"ms\":20000}"), null, Map.of(), null));
        long started = System.nanoTime();
        assertThatThrownBy(() -> c.callTool("crash", Json.object(), null, Map.of(), null))
                .isInstanceOf(UpstreamException.class).hasMessageContaining("exited with status 3");
        assertThatThrownBy(() -> slow.join()).hasCauseInstanceOf(UpstreamException.class)
                .hasMessageContaining("the upstream process");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> pid(c) != first);
        assertThat(ProcessHandle.of(first).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(events).extracting(e -> e.path("method").asText()).contains("notifications/tools/list_changed");
    }

    @Test
    void closingEndsTheChildAndItsChildren() {
        UpstreamClient c = client("serve", Map.of(), 10_000);
        long child = pid(c);
        long grandchild = Long.parseLong(text(c.callTool("spawn", Json.object(), null, Map.of(), null)));
        assertThat(ProcessHandle.of(grandchild).map(ProcessHandle::isAlive)).contains(true);
        c.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(child).map(p -> !p.isAlive()).orElse(true)
                && ProcessHandle.of(grandchild).map(p -> !p.isAlive()).orElse(true));
    }

    @Test
    void aChildThatNeverAnswersFailsByTheTimeoutAndIsEndedWhenItIgnoresThePingToo() {
        UpstreamClient c = client("silent", Map.of(), 1_000);
        long started = System.nanoTime();
        assertThatThrownBy(() -> c.listTools(Map.of())).isInstanceOf(UpstreamException.class)
                .hasMessageContaining("timed out after 1000 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThatThrownBy(() -> c.listTools(Map.of()))
                .hasMessageContaining("being restarted"));
    }

    @Test
    void aChildThatExitsAtOnceSaysWhyWithItsLastStderrLine() {
        UpstreamClient c = client("exit", Map.of(), 5_000);
        assertThatThrownBy(() -> c.listTools(Map.of())).isInstanceOf(UpstreamException.class)
                .hasMessageContaining("exited with status 2 (stderr: boom)");
    }

    @Test
    void aCommandThatCannotBeStartedSaysSo() {
        UpstreamClient c = UpstreamClient.stdio("fx", new StdioCommand("/nonexistent/mcp-server", List.of(), Map.of(), null),
                5_000, 1 << 20, "test", relay, events::add);
        clients.add(c);
        assertThatThrownBy(() -> c.listTools(Map.of())).isInstanceOf(UpstreamException.class)
                .hasMessageContaining("cannot start '/nonexistent/mcp-server'");
    }

    @Test
    void stderrLinesAreLoggedUnderTheDomainAtABoundedRate() {
        Logger stdio = (Logger) LoggerFactory.getLogger("io.toolgate.upstream.stdio");
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        stdio.addAppender(log);
        try {
            UpstreamClient c = client("chatty", Map.of(), 10_000);
            assertThat(c.listTools(Map.of())).isNotEmpty();
            c.close();
            await().atMost(Duration.ofSeconds(10)).until(() -> log.list.stream()
                    .anyMatch(e -> e.getFormattedMessage().contains("stderr lines not logged")));
            List<String> lines = log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
            assertThat(lines).contains("[fx] fixture chatty started", "[fx] chatter 0");
            assertThat(lines.stream().filter(l -> l.startsWith("[fx] chatter")).count())
                    .as("the burst, and what a second adds").isBetween((long) ChildProcess.LOG_BURST - 1,
                            (long) ChildProcess.LOG_BURST + 5 * ChildProcess.LOG_PER_SECOND);
            assertThat(lines).anyMatch(l -> l.matches("\\[fx] \\d+ stderr lines not logged \\(more than 10 a second\\)"));
        } finally {
            stdio.detachAppender(log);
        }
    }

    @Test
    void linesThatAreNotJsonRpcAreIgnoredAndTheCallTimesOut() {
        UpstreamClient c = client("garbage", Map.of(), 800);
        assertThatThrownBy(() -> c.listTools(Map.of())).isInstanceOf(UpstreamException.class)
                .hasMessageContaining("timed out after 800 ms");
    }
}
