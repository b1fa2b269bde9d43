package io.toolgate.registry;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static io.toolgate.registry.RegistryTestData.raw;
import static io.toolgate.registry.RegistryTestData.raws;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class RegistryRefresherTest {

    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private final Map<String, Object> answers = new ConcurrentHashMap<>();

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @SuppressWarnings("unchecked")
    private RegistryRefresher refresher(ToolRegistry registry, SchemaPinning pinning, long timeout) {
        ToolLister lister = d -> {
            Object a = answers.get(d.name());
            if (a instanceof Exception e) {
                throw e;
            }
            if (a instanceof CountDownLatch latch) {
                latch.await();
            }
            return (List<JsonNode>) a;
        };
        return new RegistryRefresher(registry, lister, new SchemaNormalizer(10), AccessPolicy.ALLOW_ALL, pinning, pool, timeout);
    }

    private static ToolRegistry registry(String... domains) {
        return new ToolRegistry(java.util.Arrays.stream(domains)
                .map(d -> new DomainState(d, "direct:" + d, null)).toList(), ToolNaming.PREFIXED, null);
    }

    @Test
    void reportsAddedRemovedAndChangedInConfigurationOrder() {
        ToolRegistry registry = registry("crm", "analytics");
        RegistryRefresher refresher = refresher(registry, SchemaPinning.WARN, 5000);
        answers.put("crm", raws("crm_a", "crm_b"));
        answers.put("analytics", raws("analytics_x"));
        List<RefreshReport> first = refresher.refreshAll();
        assertThat(first).extracting(RefreshReport::domain).containsExactly("crm", "analytics");
        assertThat(first.get(0).added()).containsExactly("crm_a", "crm_b");

        answers.put("crm", List.of(raw("crm_a", "Changed.", "{\"type\":\"object\",\"properties\":{}}"), raw("crm_c", "New.", "{}")));
        RefreshReport crm = refresher.refreshAll().get(0);
        assertThat(crm).isEqualTo(new RefreshReport("crm", List.of("crm_c"), List.of("crm_b"), List.of("crm_a"), 2, false, null));
        assertThat(registry.snapshot().tool("crm_a").description()).isEqualTo("Changed.");
    }

    @Test
    void aSlowListingLogsWhoAnsweredAndWhoIsAwaitedAndHealthShowsItRefreshing() throws Exception {
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        Logger logger = (Logger) LoggerFactory.getLogger(RegistryRefresher.class);
        logger.addAppender(log);
        try {
            ToolRegistry registry = registry("crm", "slow");
            RegistryRefresher refresher = refresher(registry, SchemaPinning.WARN, 30_000);
            CountDownLatch release = new CountDownLatch(1);
            answers.put("crm", raws("crm_a"));
            answers.put("slow", release);
            Future<List<RefreshReport>> refresh = pool.submit(refresher::refreshAll);
            await().atMost(Duration.ofSeconds(10)).until(() -> log.list.stream()
                    .anyMatch(e -> e.getFormattedMessage().equals("Listing upstreams: 1 of 2 answered; waiting for slow")));
            assertThat(DomainHealth.of(registry.snapshot(), refresher.listing()))
                    .extracting(h -> h.domain() + " " + h.state().label()).containsExactly("crm starting", "slow refreshing");
            release.countDown();
            assertThat(refresh.get(10, TimeUnit.SECONDS)).hasSize(2);
            assertThat(refresher.listing()).isEmpty();
        } finally {
            logger.detachAppender(log);
        }
    }

    @Test
    void enforceRefusesChangesButAcceptsFirstListing() {
        ToolRegistry registry = registry("crm");
        RegistryRefresher refresher = refresher(registry, SchemaPinning.ENFORCE, 5000);
        answers.put("crm", raws("crm_a"));
        assertThat(refresher.refreshAll().get(0).added()).containsExactly("crm_a");
        answers.put("crm", raws("crm_a", "crm_b"));
        RefreshReport r = refresher.refreshAll().get(0);
        assertThat(r.refused()).isTrue();
        assertThat(r.added()).isEmpty();
        assertThat(registry.snapshot().tools().keySet()).containsExactly("crm_a");
    }

    @Test
    void failingOrHangingUpstreamKeepsItsToolsAndDoesNotBlockOthers() {
        ToolRegistry registry = registry("crm", "slow", "analytics");
        RegistryRefresher refresher = refresher(registry, SchemaPinning.WARN, 300);
        answers.put("crm", raws("crm_a"));
        answers.put("slow", raws("slow_a"));
        answers.put("analytics", raws("analytics_x"));
        refresher.refreshAll();

        CountDownLatch never = new CountDownLatch(1);
        answers.put("crm", new ConnectException("connection refused"));
        answers.put("slow", never);
        answers.put("analytics", raws("analytics_x", "analytics_y"));
        List<RefreshReport> reports = refresher.refreshAll();
        never.countDown();
        assertThat(reports.get(0).error()).isEqualTo("connection refused");
        assertThat(reports.get(1).error()).isEqualTo("timed out after 300 ms");
        assertThat(reports.get(2).added()).containsExactly("analytics_y");
        assertThat(registry.snapshot().tools().keySet()).contains("crm_a", "slow_a", "analytics_y");
        assertThat(registry.snapshot().domain("crm").lastError()).isEqualTo("connection refused");
    }
}
