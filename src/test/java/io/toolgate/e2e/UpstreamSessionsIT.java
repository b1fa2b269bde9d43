package io.toolgate.e2e;

import io.toolgate.json.Json;
import io.toolgate.testing.Fixtures;
import io.toolgate.testing.StatelessCaller;
import io.toolgate.testing.TestGateway;
import io.toolgate.testing.TestUpstream;
import io.toolgate.upstream.UpstreamClient;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One upstream session per distinct header set, reused, and bounded: the least recently used one is ended; a session
 * the upstream forgot while many calls use it is initialised again once, and no call is lost.
 */
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

    @Test
    void concurrentCallsOnAForgottenSessionAllSucceedWithOneReinitialisationPerExpiry() throws Exception {
        int calls = 16;
        int expiries = 5;
        try (TestUpstream crm = TestUpstream.start(Fixtures.crm());
             TestGateway gw = TestGateway.start(Map.of("gateway.upstreams", "{\"crm\":\"" + crm.url() + "\"}"))) {
            StatelessCaller caller = new StatelessCaller(gw.mcpUrl(), Duration.ofSeconds(30));
            long before = initializations(crm);
            ExecutorService callers = Executors.newFixedThreadPool(calls);
            List<String> outcomes = new ArrayList<>();
            try {
                for (int expiry = 0; expiry < expiries; expiry++) {
                    crm.forgetSessions();
                    CyclicBarrier together = new CyclicBarrier(calls);
                    List<Future<String>> results = new ArrayList<>();
                    for (int i = 0; i < calls; i++) {
                        results.add(callers.submit(() -> {
                            together.await();
                            return caller.executeTool("crm_deals_list", Json.object().put("status", "won"));
                        }));
                    }
                    for (Future<String> result : results) {
                        outcomes.add(result.get(60, TimeUnit.SECONDS));
                    }
                }
            } finally {
                callers.shutdownNow();
            }
            assertThat(outcomes).hasSize(calls * expiries).containsOnly("won");
            assertThat(initializations(crm) - before).as("one initialize per expiry").isEqualTo(expiries);
            assertThat(crm.calls()).as("every call ran once").hasSize(calls * expiries);
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
