package io.toolgate.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.toolgate.json.Json;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static io.toolgate.upstream.FakeTransport.error;
import static io.toolgate.upstream.FakeTransport.result;
import static io.toolgate.upstream.FakeTransport.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Era negotiation over a fake transport: {@code server/discover} decides between stateless use and sessions. */
class SessionHandshakeTest {

    private static final String TOOLS = "{\"tools\":[{\"name\":\"t\"}]}";

    private static UpstreamClient client(FakeTransport transport) {
        return new UpstreamClient("up", transport, 1_000, 4, "test", Runnable::run, m -> { });
    }

    /** An upstream of the sessions era: no server/discover, sessions "s1", "s2", … from initialize. */
    private static FakeTransport sessionsEra() {
        AtomicInteger sessions = new AtomicInteger();
        return new FakeTransport((message, envelope) -> switch (message.path("method").asText()) {
            case "server/discover" -> error(message, -32601, "Method not found", null);
            case "initialize" -> result(message, "s" + sessions.incrementAndGet(),
                    "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{\"tools\":{}}}");
            case "notifications/initialized" -> status(202, envelope.sessionId());
            default -> result(message, envelope.sessionId(), TOOLS);
        });
    }

    @Test
    void anUpstreamServingTheStatelessVersionIsUsedWithoutSessions() {
        FakeTransport transport = new FakeTransport((message, envelope) -> message.path("method").asText()
                .equals("server/discover")
                ? result(message, null, "{\"supportedVersions\":[\"2025-11-25\",\"2026-07-28\"],"
                + "\"capabilities\":{\"tools\":{\"listChanged\":true}}}")
                : result(message, null, TOOLS));
        try (UpstreamClient client = client(transport)) {
            assertThat(client.listTools(Map.of("X-Tenant", "a"))).hasSize(1);
            assertThat(client.capabilities(Map.of()).path("tools").path("listChanged").asBoolean()).isTrue();
        }
        assertThat(transport.methods()).containsExactly("server/discover", "tools/list", "server/discover");
        FakeTransport.Sent list = transport.sent.get(1);
        assertThat(list.envelope().sessionId()).isNull();
        assertThat(list.envelope().protocolVersion()).isEqualTo("2026-07-28");
        assertThat(list.envelope().routing()).containsExactly(Map.entry("Mcp-Method", "tools/list"));
        assertThat(list.envelope().resumable()).isFalse();
        assertThat(list.envelope().headers()).containsEntry("X-Tenant", "a");
        assertThat(list.message().at("/params/_meta/io.modelcontextprotocol~1protocolVersion").asText())
                .isEqualTo("2026-07-28");
        assertThat(list.message().at("/params/_meta/io.modelcontextprotocol~1clientInfo/name").asText())
                .isEqualTo("toolgate");
        assertThat(transport.endedSessions).isEmpty();
    }

    @Test
    void anUpstreamThatRefusesDiscoverGetsSessionsAndIsNotAskedAgain() {
        FakeTransport transport = sessionsEra();
        try (UpstreamClient client = client(transport)) {
            client.listTools(Map.of("X-Tenant", "a"));
            client.listTools(Map.of("X-Tenant", "b"));
        }
        assertThat(transport.methods()).containsExactly("server/discover", "initialize", "notifications/initialized",
                "tools/list", "initialize", "notifications/initialized", "tools/list");
        FakeTransport.Sent initialize = transport.sent.get(1);
        assertThat(initialize.envelope().sessionId()).isNull();
        assertThat(initialize.envelope().protocolVersion()).isNull();
        assertThat(initialize.message().at("/params/protocolVersion").asText()).isEqualTo("2025-11-25");
        FakeTransport.Sent list = transport.sent.get(3);
        assertThat(list.envelope().sessionId()).isEqualTo("s1");
        assertThat(list.envelope().protocolVersion()).isEqualTo("2025-06-18");
        assertThat(list.envelope().routing()).isEmpty();
        assertThat(list.envelope().resumable()).isTrue();
        assertThat(list.message().path("params").has("_meta")).isFalse();
        assertThat(transport.sent.get(6).envelope().sessionId()).isEqualTo("s2");
        assertThat(transport.endedSessions).containsExactlyInAnyOrder("s1", "s2");
    }

    @Test
    void anUnsupportedVersionErrorNamingTheStatelessVersionIsAskedOnceMore() {
        AtomicInteger discovers = new AtomicInteger();
        FakeTransport transport = new FakeTransport((message, envelope) -> {
            if (!message.path("method").asText().equals("server/discover")) {
                return result(message, null, TOOLS);
            }
            return discovers.incrementAndGet() == 1
                    ? error(message, -32022, "Unsupported protocol version", "{\"supported\":[\"2026-07-28\"]}")
                    : result(message, null, "{\"supportedVersions\":[\"2026-07-28\"],\"capabilities\":{}}");
        });
        try (UpstreamClient client = client(transport)) {
            client.listTools(Map.of());
        }
        assertThat(transport.methods()).containsExactly("server/discover", "server/discover", "tools/list");
    }

    @Test
    void discoverWithoutTheStatelessVersionMeansSessions() {
        FakeTransport transport = new FakeTransport((message, envelope) -> switch (message.path("method").asText()) {
            case "server/discover" -> result(message, null, "{\"supportedVersions\":[\"2025-11-25\"]}");
            case "initialize" -> result(message, null, "{\"capabilities\":{}}");
            case "notifications/initialized" -> status(202, null);
            default -> result(message, null, TOOLS);
        });
        try (UpstreamClient client = client(transport)) {
            client.listTools(Map.of());
        }
        assertThat(transport.methods()).containsExactly("server/discover", "initialize", "notifications/initialized",
                "tools/list");
        assertThat(transport.sent.get(3).envelope().protocolVersion()).as("the version asked for when none is agreed")
                .isEqualTo("2025-11-25");
    }

    @Test
    void anUnreachableUpstreamDecidesNothing() {
        AtomicInteger attempts = new AtomicInteger();
        FakeTransport transport = new FakeTransport((message, envelope) -> {
            if (attempts.incrementAndGet() == 1) {
                throw UpstreamException.transport("connection refused", null);
            }
            return message.path("method").asText().equals("server/discover")
                    ? result(message, null, "{\"supportedVersions\":[\"2026-07-28\"]}")
                    : result(message, null, TOOLS);
        });
        try (UpstreamClient client = client(transport)) {
            assertThatThrownBy(() -> client.listTools(Map.of())).isInstanceOf(UpstreamException.class)
                    .hasMessage("connection refused");
            assertThat(client.listTools(Map.of())).hasSize(1);
        }
        assertThat(transport.methods()).containsExactly("server/discover", "server/discover", "tools/list");
    }

    @Test
    void aRejectedInitializedNotificationFailsTheSession() {
        FakeTransport transport = new FakeTransport((message, envelope) -> switch (message.path("method").asText()) {
            case "server/discover" -> status(404, null);
            case "initialize" -> result(message, "s1", "{\"capabilities\":{}}");
            default -> status(400, "s1");
        });
        try (UpstreamClient client = client(transport)) {
            assertThatThrownBy(() -> client.capabilities(Map.of())).isInstanceOf(UpstreamException.class)
                    .hasMessage("upstream rejected notifications/initialized with HTTP 400");
        }
        assertThat(transport.methods()).containsExactly("server/discover", "initialize", "notifications/initialized");
    }

    @Test
    void theCallersCapabilitiesAreToldToAStatelessUpstream() {
        FakeTransport transport = new FakeTransport((message, envelope) -> message.path("method").asText()
                .equals("server/discover")
                ? result(message, null, "{\"supportedVersions\":[\"2026-07-28\"]}")
                : result(message, null, "{\"content\":[]}"));
        UpstreamListener caller = new RecordingListener() {
            @Override
            public JsonNode clientCapabilities() {
                return Json.parse("{\"elicitation\":{}}");
            }
        };
        try (UpstreamClient client = client(transport)) {
            client.callTool("t", null, null, Map.of(), caller);
        }
        ObjectNode call = transport.sent.get(1).message();
        assertThat(call.at("/params/_meta/io.modelcontextprotocol~1clientCapabilities").has("elicitation")).isTrue();
        assertThat(transport.sent.get(1).envelope().routing())
                .containsExactly(Map.entry("Mcp-Method", "tools/call"), Map.entry("Mcp-Name", "t"));
    }
}
