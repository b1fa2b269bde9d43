package io.toolgate.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import io.toolgate.json.Json;
import io.toolgate.testing.Fixtures;
import io.toolgate.testing.GatewayProcess;
import io.toolgate.testing.TestPostgres;
import io.toolgate.testing.TestUpstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A 200 from the registration API means the change is on disk: register and deregister from several threads, kill the
 * gateway with SIGKILL at a random moment, restart it on the same database, and compare what it lists with what was
 * acknowledged. A domain whose last request was still unanswered at the kill may be either way; every other one must
 * be exactly as acknowledged (none lost, none resurrected). {@code -Dreliability.kills=N} sets the number of kills
 * (default 3).
 */
class CrashDurabilityIT {

    private static final String TOKEN = "registration-token-for-tests-0123";
    private static final int KILLS = Integer.getInteger("reliability.kills", 3);
    private static final int THREADS = 4;
    private static final int DOMAINS = 12;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void acknowledgedChangesSurviveSigkillInTheEmbeddedDatabase(@TempDir Path dir) throws Exception {
        crashLoop(dir, Map.of("GATEWAY_DATA_DIR", dir.resolve("data").toString()));
    }

    @Test
    void acknowledgedChangesSurviveSigkillInPostgresql(@TempDir Path dir) throws Exception {
        Optional<Path> bin = TestPostgres.find();
        assumeTrue(bin.isPresent(), "PostgreSQL is not installed (.ci/run installs it)");
        try (TestPostgres pg = TestPostgres.start(bin.get())) {
            crashLoop(dir, Map.of("GATEWAY_DATABASE_URL", pg.url()));
        }
    }

    private static void crashLoop(Path dir, Map<String, String> storage) throws Exception {
        try (TestUpstream crm = TestUpstream.start(Fixtures.crm());
             TestUpstream analytics = TestUpstream.start(Fixtures.analytics())) {
            Map<String, String> env = new HashMap<>(storage);
            env.put("GATEWAY_UPSTREAMS", "{\"crm\":\"" + crm.url() + "\"}");
            env.put("GATEWAY_REGISTRATION_TOKEN", TOKEN);
            env.put("GATEWAY_URL_GUARD_ALLOW_PRIVATE_RANGES", "true");
            // what each domain must be after a restart: true registered, false absent; missing: unknown
            Map<String, Boolean> acknowledged = new TreeMap<>();
            int acks = 0;
            for (int kill = 0; kill < KILLS; kill++) {
                GatewayProcess gw = GatewayProcess.start(dir, env);
                try {
                    assertThat(listed(gw)).as("after restart %d", kill).isEqualTo(expected(acknowledged, listed(gw)));
                    acks += loadUntilKilled(gw, analytics, acknowledged);
                } finally {
                    gw.kill();
                }
            }
            try (GatewayProcess last = GatewayProcess.start(dir, env)) {
                Set<String> listed = listed(last);
                System.out.printf("crash: %s, %d kills, %d acknowledged changes, %d domains with a known state, "
                                + "listed %s, expected %s%n", storage.keySet(), KILLS, acks, acknowledged.size(), listed,
                        expected(acknowledged, listed));
                assertThat(listed).as("after the last of %d kills, %d acknowledged changes", KILLS, acks)
                        .isEqualTo(expected(acknowledged, listed));
            }
        }
    }

    /**
     * Runs {@link #traffic} on {@value #THREADS} threads, kills the gateway with SIGKILL at a random moment once some
     * changes were acknowledged, and records in {@code acknowledged} what each domain must be; returns the number of
     * acknowledged changes.
     */
    private static int loadUntilKilled(GatewayProcess gw, TestUpstream analytics, Map<String, Boolean> acknowledged)
            throws Exception {
        Map<String, Boolean> round = new ConcurrentHashMap<>();
        Set<String> unanswered = ConcurrentHashMap.newKeySet();
        AtomicBoolean killed = new AtomicBoolean();
        AtomicInteger answered = new AtomicInteger();
        ExecutorService load = Executors.newFixedThreadPool(THREADS);
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            load.submit(() -> traffic(gw, analytics, thread, round, unanswered, killed, answered));
        }
        int threshold = 5 + ThreadLocalRandom.current().nextInt(20);
        await().atMost(Duration.ofSeconds(60)).until(() -> answered.get() >= threshold);
        killed.set(true);
        gw.kill();
        load.shutdown();
        assertThat(load.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        round.forEach(acknowledged::put);
        unanswered.forEach(acknowledged::remove);
        return answered.get();
    }

    /** Registers or deregisters domains at random until the gateway is killed; one domain per thread at a time. */
    private static void traffic(GatewayProcess gw, TestUpstream analytics, int thread, Map<String, Boolean> round,
                                Set<String> unanswered, AtomicBoolean killed, AtomicInteger answered) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (!killed.get()) {
            // each thread owns its domains, so no two requests for one domain race
            String domain = "d" + (thread + THREADS * random.nextInt(DOMAINS / THREADS));
            boolean register = random.nextBoolean();
            unanswered.add(domain);
            try {
                HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gw.baseUrl() + "/registry/servers"
                        + (register ? "" : "/" + domain))).header("Authorization", "Bearer " + TOKEN)
                        .timeout(Duration.ofSeconds(30));
                b = register ? b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"domain\":\"" + domain + "\",\"url\":\"" + analytics.url() + "\"}")) : b.DELETE();
                int status = HTTP.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 200 || (!register && status == 404)) {
                    round.put(domain, register);
                    unanswered.remove(domain);
                    answered.incrementAndGet();
                } else {
                    throw new AssertionError("unexpected status " + status + " for " + (register ? "POST " : "DELETE ") + domain);
                }
            } catch (java.io.IOException | InterruptedException cut) {
                // the gateway was killed mid-request: this domain's outcome is unknown
                return;
            }
        }
    }

    /** The registered domains the gateway must list: the acknowledged ones, plus unknown ones as they are. */
    private static Set<String> expected(Map<String, Boolean> acknowledged, Set<String> listed) {
        Set<String> out = new TreeSet<>();
        out.add("crm");
        for (int i = 0; i < DOMAINS; i++) {
            String domain = "d" + i;
            Boolean state = acknowledged.get(domain);
            if (state == null ? listed.contains(domain) : state) {
                out.add(domain);
            }
        }
        return out;
    }

    private static Set<String> listed(GatewayProcess gw) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(gw.baseUrl() + "/registry/servers"))
                .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = Json.parse(r.body());
        return new TreeSet<>(body.path("servers").findValuesAsText("domain"));
    }
}
