package io.toolgate.e2e;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.toolgate.GatewayWiring;
import io.toolgate.testing.Fixtures;
import io.toolgate.testing.NodeMcpClient;
import io.toolgate.testing.TestGateway;
import io.toolgate.testing.TestUpstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.toolgate.testing.NodeMcpClient.call;
import static io.toolgate.testing.NodeMcpClient.json;
import static io.toolgate.testing.NodeMcpClient.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * GATEWAY_UPSTREAMS_FILE: the servers of a desktop client's configuration file are served beside GATEWAY_UPSTREAMS,
 * with their inline tool lists; the servers the gateway cannot serve are named at startup with the reason.
 */
class UpstreamsFileIT {

    @Test
    void aDesktopConfigFileAddsItsServersAndNamesTheSkippedOnesAtStartup(@TempDir Path dir) throws Exception {
        Logger wiringLog = (Logger) LoggerFactory.getLogger(GatewayWiring.class);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        wiringLog.addAppender(log);
        try (TestUpstream crm = TestUpstream.start(Fixtures.crm());
             TestUpstream analytics = TestUpstream.start(Fixtures.analytics())) {
            Path file = Files.writeString(dir.resolve("claude_desktop_config.json"), """
                    {"mcpServers": {
                       "crm": {"url": "%s", "allowed_tools": ["crm_contacts_*"], "autoApprove": []},
                       "analytics": {"url": "http://127.0.0.1:1/mcp"},
                       "github": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-github"], "disabled": true}}}
                    """.formatted(crm.url()));
            try (TestGateway gw = TestGateway.start(Map.of("gateway.upstreams-file", file.toString(),
                    "gateway.upstreams", "{\"analytics\":\"" + analytics.url() + "\"}"))) {
                JsonNode r = NodeMcpClient.run(gw.mcpUrl(), List.of(
                        call("discover_tools", Map.of()),
                        call("execute_tool", Map.of("tool_name", "crm_contacts_search",
                                "arguments", Map.of("query", "Jane"))))).path("results");

                JsonNode domains = json(r.get(0)).path("domains");
                assertThat(domains.findValuesAsText("name")).containsExactly("analytics", "crm");
                assertThat(domains.findValuesAsText("tool_count")).containsExactly("2", "2");
                assertThat(text(r.get(1))).contains("Jane Doe");
                assertThat(crm.calls()).extracting(TestUpstream.Call::tool).containsExactly("crm_contacts_search");
            }
            assertThat(log.list).filteredOn(e -> e.getLevel() == Level.WARN).extracting(ILoggingEvent::getFormattedMessage)
                    .containsExactly(
                            "Upstream file " + file + ": skipped 'analytics': domain 'analytics' is configured in"
                                    + " GATEWAY_UPSTREAMS, which wins",
                            "Upstream file " + file + ": skipped 'github': it is disabled");
        } finally {
            wiringLog.detachAppender(log);
        }
    }
}
