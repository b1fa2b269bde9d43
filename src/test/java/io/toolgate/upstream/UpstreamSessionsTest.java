package io.toolgate.upstream;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static io.toolgate.upstream.FakeTransport.error;
import static io.toolgate.upstream.FakeTransport.result;
import static io.toolgate.upstream.FakeTransport.status;
import static org.assertj.core.api.Assertions.assertThat;

/** Sessions per header set over a fake transport: re-initialised after 404, bounded by the least recently used. */
class UpstreamSessionsTest {

    private final AtomicInteger sessionIds = new AtomicInteger();
    private final AtomicBoolean forget = new AtomicBoolean();

    /** A sessions-era upstream that forgets a session once when {@link #forget} is set. */
    private final FakeTransport transport = new FakeTransport((message, envelope) -> switch (message.path("method").asText()) {
        case "server/discover" -> error(message, -32601, "Method not found", null);
        case "initialize" -> result(message, "s" + sessionIds.incrementAndGet(), "{\"capabilities\":{}}");
        case "notifications/initialized" -> status(202, envelope.sessionId());
        default -> forget.getAndSet(false) ? status(404, envelope.sessionId())
                : result(message, envelope.sessionId(), "{\"content\":[]}");
    });

    private UpstreamClient client(int maxSessions) {
        return new UpstreamClient("up", transport, 1_000, maxSessions, "test", Runnable::run, m -> { });
    }

    @Test
    void aSessionTheUpstreamForgotIsInitialisedAgainAndTheRequestSentOnceMore() {
        try (UpstreamClient client = client(4)) {
            client.callTool("t", null, null, Map.of(), null);
            forget.set(true);
            assertThat(client.callTool("t", null, null, Map.of(), null).has("content")).isTrue();
        }
        assertThat(transport.methods()).containsExactly("server/discover", "initialize", "notifications/initialized",
                "tools/call", "tools/call", "initialize", "notifications/initialized", "tools/call");
        List<String> sessionsOfCalls = transport.sent.stream().filter(s -> "tools/call".equals(s.method()))
                .map(s -> s.envelope().sessionId()).toList();
        assertThat(sessionsOfCalls).containsExactly("s1", "s1", "s2");
        assertThat(transport.sent.get(5).envelope().sessionId()).as("initialize presents no session").isNull();
    }

    @Test
    void beyondTheLimitTheLeastRecentlyUsedSessionIsEnded() {
        try (UpstreamClient client = client(2)) {
            for (String tenant : List.of("a", "b", "a", "c")) {
                client.callTool("t", null, null, Map.of("X-Tenant", tenant), null);
            }
            assertThat(transport.endedSessions).containsExactly("s2");
        }
        assertThat(transport.endedSessions).containsExactlyInAnyOrder("s2", "s1", "s3");
        assertThat(transport.closed).isTrue();
    }

    @Test
    void headerSetsDifferingOnlyInNameCaseShareASession() {
        try (UpstreamClient client = client(4)) {
            client.callTool("t", null, null, Map.of("X-Tenant", "a"), null);
            client.callTool("t", null, null, Map.of("x-tenant", "a"), null);
        }
        assertThat(transport.methods()).filteredOn("initialize"::equals).hasSize(1);
    }
}
