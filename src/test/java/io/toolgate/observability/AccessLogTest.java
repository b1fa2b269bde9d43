package io.toolgate.observability;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.toolgate.json.Json;
import io.toolgate.testing.Fixtures;
import io.toolgate.testing.StatelessCaller;
import io.toolgate.testing.TestGateway;
import io.toolgate.testing.TestUpstream;
import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The access log (one line per /mcp request) and the start-up summary, as an operator reads them. */
class AccessLogTest {

    private final ListAppender<ILoggingEvent> access = new ListAppender<>();
    private final ListAppender<ILoggingEvent> startup = new ListAppender<>();

    @BeforeEach
    void capture() {
        attach(AccessLog.LOGGER, access);
        attach("io.toolgate.startup", startup);
    }

    @AfterEach
    void release() {
        ((Logger) LoggerFactory.getLogger(AccessLog.LOGGER)).detachAppender(access);
        ((Logger) LoggerFactory.getLogger("io.toolgate.startup")).detachAppender(startup);
    }

    private static void attach(String logger, ListAppender<ILoggingEvent> appender) {
        appender.start();
        ((Logger) LoggerFactory.getLogger(logger)).addAppender(appender);
    }

    @Test
    void everyRequestIsOneLineWithToolDomainOutcomeAndNeverItsArguments() throws Exception {
        try (TestUpstream crm = TestUpstream.start(Fixtures.crm());
             TestGateway gw = TestGateway.start(Map.of("gateway.upstreams", "{\"crm\":\"" + crm.url() + "\"}"))) {
            StatelessCaller caller = new StatelessCaller(gw.mcpUrl(), Duration.ofSeconds(10));
            caller.executeTool("crm_contacts_search", Json.object().put("query", "secret-jane"));
            caller.executeTool("crm_nope", Json.object());

            await().atMost(Duration.ofSeconds(5)).until(() -> access.list.size() >= 2);
            List<String> lines = access.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
            assertThat(lines.get(0)).matches("tools/call tool=execute_tool domain=crm outcome=ok ms=\\d+\\.\\d subject=-");
            assertThat(lines.get(1)).matches(
                    "tools/call tool=execute_tool outcome=tool_error code=tool_not_found ms=\\d+\\.\\d subject=-");
            assertThat(String.join("\n", lines)).doesNotContain("secret-jane");
            assertThat(access.list.get(0).getKeyValuePairs()).extracting(kv -> kv.key + "=" + kv.value)
                    .contains("method=tools/call", "tool=execute_tool", "domain=crm", "outcome=ok", "subject=null");
        }
    }

    @Test
    void aRequestRefusedBeforeTheRoutesIsOneLineWithItsStatus() throws Exception {
        try (TestGateway gw = TestGateway.start(Map.of("gateway.examples", "true"))) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(gw.mcpUrl()))
                    .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                    .header("Mcp-Session-Id", "no-such-session")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(404);
            await().atMost(Duration.ofSeconds(5)).until(() -> !access.list.isEmpty());
            assertThat(access.list).extracting(ILoggingEvent::getFormattedMessage)
                    .containsExactly("POST /mcp refused status=404 subject=-");
        }
    }

    @Test
    void accessLogOffLogsNoRequest() throws Exception {
        try (TestGateway gw = TestGateway.start(Map.of("gateway.examples", "true", "gateway.access-log", "false"))) {
            String answer = new StatelessCaller(gw.mcpUrl(), Duration.ofSeconds(10)).executeTool("nope", Json.object());
            assertThat(answer).contains("tool_not_found");
            assertThat(access.list).isEmpty();
        }
    }

    @Test
    void startUpSaysWhereMcpIsAndEachDomainsToolsOrWhyItHasNone() throws Exception {
        int closed = AvailablePortFinder.getNextAvailable();
        try (TestUpstream crm = TestUpstream.start(Fixtures.crm());
             TestGateway gw = TestGateway.start(Map.of("gateway.upstreams", "{\"crm\":\"" + crm.url()
                     + "\",\"billing\":\"http://127.0.0.1:" + closed + "/mcp\"}"))) {
            List<String> lines = startup.list.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList();
            assertThat(lines).hasSize(3);
            assertThat(lines.get(0)).matches("INFO toolgate \\S+ ready in \\d+\\.\\d s at " + gw.mcpUrl().replace(".", "\\.")
                    + " \\(bound to 127\\.0\\.0\\.1\\): 5 tools from 1 of 2 domains; exposure meta, search lexical, "
                    + "authentication off, registration API off, code mode off");
            assertThat(lines.get(1)).isEqualTo("INFO Upstream 'crm': 5 tools");
            assertThat(lines.get(2)).isEqualTo("WARN Upstream 'billing' is down: connection refused; listed again on "
                    + "refresh_registry, or set GATEWAY_REFRESH_INTERVAL to retry on its own");
        }
    }
}
