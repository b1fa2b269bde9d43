package io.toolgate.e2e;

import io.toolgate.testing.Fixtures;
import io.toolgate.testing.TestUpstream;
import io.toolgate.upstream.UpstreamClient;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** One upstream session per distinct header set, reused, and bounded: the least recently used one is ended. */
class UpstreamSessionsIT {

    @Test
    void sessionsPerHeaderSetAreReusedAndTheLeastRecentlyUsedIsEnded() throws Exception {
        try (TestUpstream crm = TestUpstream.start(Fixtures.crm());
             UpstreamClient client = UpstreamClient.streamableHttp("crm", URI.create(crm.url()),
                     HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(), 5_000, 1 << 20, 2, "test",
                     Runnable::run, message -> { })) {
            for (String tenant : List.of("a", "b", "a", "c")) {
                client.callTool("crm_deals_list", null, null, Map.of("X-Tenant", tenant), null);
            }
            assertThat(initializations(crm)).isEqualTo(3);
            String sessionOfB = sessionOf(crm, "b");
            await().atMost(Duration.ofSeconds(10)).until(() -> crm.requests().stream().anyMatch(h ->
                    "DELETE".equals(h.get(":method")) && sessionOfB.equals(h.get("mcp-session-id"))));
            assertThat(crm.requests()).filteredOn(h -> "DELETE".equals(h.get(":method"))).hasSize(1);

            client.callTool("crm_deals_list", null, null, Map.of("X-Tenant", "b"), null);
            assertThat(initializations(crm)).isEqualTo(4);
            assertThat(crm.requests()).as("a sessions-era upstream is asked server/discover once, not per session")
                    .filteredOn(h -> "server/discover".equals(h.get("mcp-method"))).hasSize(1);
        }
    }

    private static long initializations(TestUpstream upstream) {
        return upstream.requests().stream().filter(h -> "POST".equals(h.get(":method"))
                && h.get("mcp-session-id") == null && !"server/discover".equals(h.get("mcp-method"))).count();
    }

    private static String sessionOf(TestUpstream upstream, String tenant) {
        return upstream.requests().stream()
                .filter(h -> tenant.equals(h.get("x-tenant")) && h.get("mcp-session-id") != null)
                .map(h -> h.get("mcp-session-id")).findFirst().orElseThrow();
    }
}
