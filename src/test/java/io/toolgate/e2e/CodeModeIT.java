package io.toolgate.e2e;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.toolgate.exchange.McpHeaders;
import io.toolgate.json.Json;
import io.toolgate.testing.Fixtures;
import io.toolgate.testing.McpDispatch;
import io.toolgate.testing.TestGateway;
import io.toolgate.testing.TestUpstream;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code execute_code} in a gateway with code mode on, in front of a real MCP upstream, with YAML hooks at every
 * extension point: each nested call runs the whole pipeline as the caller (visibility, hooks, policy, upstream), the
 * authorisation hook decides who may run code, failures are catchable with the gateway's codes, and the audit record
 * is written.
 */
class CodeModeIT {

    static TestUpstream crm;
    static TestGateway gateway;
    static ProducerTemplate template;

    @BeforeAll
    static void start() throws Exception {
        crm = TestUpstream.start(Fixtures.crm());
        gateway = TestGateway.start(Map.of(
                "gateway.upstreams", "{\"crm\":\"" + crm.url() + "\"}",
                "gateway.routes", Path.of("src/test/resources/codemode/hooks.camel.yaml").toAbsolutePath().toString(),
                "gateway.code-mode", "true",
                "gateway.code-mode-workers", "2",
                "gateway.code-mode-max-memory", String.valueOf(128L * 1024 * 1024),
                "gateway.code-mode-max-duration-secs", "4",
                "gateway.code-mode-max-allocations", "1000000000000",
                "gateway.code-mode-max-result-bytes", "2048"));
        template = gateway.context().createProducerTemplate();
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        crm.close();
    }

    /** {@code execute_code} as caller {@code user}, with {@code _meta} on the request. */
    private static JsonNode run(String user, String code) {
        JsonNode message = Json.parse(Json.write(Map.of("jsonrpc", "2.0", "id", 7, "method", "tools/call",
                "params", Map.of("name", "execute_code", "arguments", Map.of("code", code),
                        "_meta", Map.of("trace", "t-" + user)))));
        Exchange e = template.request("direct:mcp-dispatch", ex -> {
            ex.getIn().setBody(message);
            ex.getIn().setHeader(McpHeaders.METHOD, "tools/call");
            ex.getIn().setHeader(McpHeaders.RPC_ID, message.get("id"));
            ex.getIn().setHeader(McpHeaders.REQUEST_HEADERS, Map.of("x-test-user", user));
        });
        return McpDispatch.result(e);
    }

    private static JsonNode error(JsonNode result) {
        assertThat(result.path("isError").asBoolean()).as(result.toString()).isTrue();
        return McpDispatch.textJson(result);
    }

    @Test
    void executeCodeIsListedBesideTheOtherMetaTools() {
        Exchange e = template.request("direct:mcp-dispatch", ex -> {
            JsonNode message = Json.parse("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/list\"}");
            ex.getIn().setBody(message);
            ex.getIn().setHeader(McpHeaders.METHOD, "tools/list");
            ex.getIn().setHeader(McpHeaders.RPC_ID, message.get("id"));
            ex.getIn().setHeader(McpHeaders.REQUEST_HEADERS, Map.of("x-test-user", "alice"));
        });
        JsonNode tools = McpDispatch.result(e).path("tools");
        assertThat(tools.findValuesAsText("name")).containsExactly("discover_tools", "get_tool_schema", "execute_tool",
                "refresh_registry", "execute_code");
        assertThat(tools.get(4).at("/inputSchema/required/0").asText()).isEqualTo("code");
        assertThat(gateway.context().getRoute("meta-execute-code")).isNotNull();
    }

    @Test
    void toolsAreAsyncFunctionsCalledConcurrentlyThroughTheWholePipelineAsTheCaller() {
        int before = crm.calls().size();
        JsonNode result = run("alice", """
                const [found, stats] = await Promise.all([crm_contacts_search({query: "Jane"}), crm_stats({})]);
                console.log("found", found.total);
                ({names: found.contacts.map(c => c.name), n: stats.n})""");
        assertThat(result.path("isError").asBoolean()).as(result.toString()).isFalse();
        assertThat(result.at("/structuredContent/result")).isEqualTo(Json.parse("{\"names\":[\"Jane Doe\"],\"n\":1}"));
        assertThat(result.at("/structuredContent/logs/0").asText()).isEqualTo("found 1");
        assertThat(Json.parse(result.at("/content/0/text").asText())).isEqualTo(result.path("structuredContent"));
        List<TestUpstream.Call> calls = crm.calls().subList(before, crm.calls().size());
        assertThat(calls).extracting(TestUpstream.Call::tool).containsExactlyInAnyOrder("crm_contacts_search", "crm_stats");
        assertThat(calls).allSatisfy(c -> {
            assertThat(c.headers()).as("the before-execute hook ran for each nested call")
                    .containsEntry("x-hooked", c.tool());
            assertThat(c.meta()).as("the caller's _meta reached the upstream").containsEntry("trace", "t-alice");
        });
    }

    @Test
    void aCallAHookDeniesIsACatchableErrorWithTheHooksCodeAndUncaughtEndsTheRun() {
        JsonNode caught = run("alice", """
                try {
                  await crm_contacts_create({name: "x", email: "y"});
                  return "created";
                } catch (e) {
                  return e.code + ": " + e.message;
                }""");
        assertThat(caught.at("/structuredContent/result").asText()).isEqualTo("writes_closed: writes are closed");

        JsonNode uncaught = error(run("alice", "await crm_contacts_create({name: 'x', email: 'y'})"));
        assertThat(uncaught.path("code").asText()).isEqualTo("tool_error");
        assertThat(uncaught.at("/details/tool").asText()).isEqualTo("crm_contacts_create");
        assertThat(uncaught.at("/details/code").asText()).isEqualTo("writes_closed");
        assertThat(crm.calls()).noneMatch(c -> c.tool().equals("crm_contacts_create"));
    }

    @Test
    void aHiddenToolDoesNotExistInTheSandbox() {
        assertThat(run("alice", "typeof crm_deals_list").at("/structuredContent/result").asText()).isEqualTo("undefined");
        JsonNode failed = error(run("alice", "await crm_deals_list({})"));
        assertThat(failed.path("code").asText()).isEqualTo("sandbox_error");
        assertThat(failed.path("error").asText()).contains("crm_deals_list");
    }

    @Test
    void anUpstreamErrorResultIsAnUpstreamErrorAndBadArgumentsAreRefusedBeforeTheUpstream() {
        assertThat(run("alice", "try { await crm_fail({}) } catch (e) { return e.code }").at("/structuredContent/result")
                .asText()).isEqualTo("upstream_error");
        assertThat(run("alice", "try { await crm_contacts_search({}) } catch (e) { return e.code }")
                .at("/structuredContent/result").asText()).isEqualTo("invalid_arguments");
    }

    @Test
    void theAuthorisationHookDecidesWhoMayRunCode() {
        JsonNode refused = error(run("mallory", "1 + 1"));
        assertThat(refused.path("code").asText()).isEqualTo("forbidden");
        assertThat(refused.path("error").asText()).isEqualTo("no code for you");
        assertThat(run("bob", "1 + 1").at("/structuredContent/result").asInt()).isEqualTo(2);
    }

    @Test
    void errorsSayWhatHappenedWithoutAStackTrace() {
        JsonNode syntax = error(run("alice", "const a = 1;\nconst b = ;"));
        assertThat(syntax.path("code").asText()).isEqualTo("syntax_error");
        assertThat(syntax.at("/details/line").asInt()).isEqualTo(2);
        JsonNode timeout = error(run("alice", "console.log('spinning'); while (true) {}"));
        assertThat(timeout.path("code").asText()).isEqualTo("timeout");
        assertThat(timeout.at("/details/logs/0").asText()).isEqualTo("spinning");
        assertThat(timeout.toString()).doesNotContain("at io.toolgate").doesNotContain("Exception");
    }

    @Test
    void aLargeResultIsCutKeepingItsShape() {
        JsonNode result = run("alice", "({rows: Array.from({length: 1000}, (_, i) => ({i, text: 'x'.repeat(50)}))})");
        assertThat(result.at("/structuredContent/truncated").asBoolean()).as(result.toString()).isTrue();
        assertThat(result.at("/structuredContent/result/rows").isArray()).isTrue();
        assertThat(result.at("/structuredContent/result/rows/0/i").asInt()).isZero();
        assertThat(result.at("/content/0/text").asText().getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                .isLessThanOrEqualTo(2048);
    }

    @Test
    void anotherCallersExecuteToolAnswersWhileALoopRunsOutItsTime() throws Exception {
        CompletableFuture<JsonNode> loop = CompletableFuture.supplyAsync(() -> run("alice", "while (true) {}"));
        long t0 = System.nanoTime();
        JsonNode other = new McpDispatch(gateway.context()).execute("crm_contacts_search", "{\"query\":\"Jane\"}");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
        assertThat(other.at("/content/0/text").asText()).contains("Jane Doe");
        assertThat(error(loop.get()).path("code").asText()).isEqualTo("timeout");
    }

    @Test
    void eachRunWritesOneAuditRecordWithoutTheCode() {
        Logger audit = (Logger) LoggerFactory.getLogger("io.toolgate.audit.code");
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        audit.addAppender(log);
        try {
            run("alice", "await crm_stats({}); await crm_stats({}); 'secret-' + 42");
        } finally {
            audit.detachAppender(log);
        }
        assertThat(log.list).hasSize(1);
        String line = log.list.get(0).getFormattedMessage();
        assertThat(line).startsWith("code_mode.invoked ").contains("user_subject=alice").contains("step_count=2")
                .contains("tool_names_invoked=[crm_stats, crm_stats]").contains("outcome=ok")
                .containsPattern("code_sha256=[0-9a-f]{64}").doesNotContain("secret-");
    }
}
