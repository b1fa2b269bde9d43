package io.toolgate;

import io.toolgate.config.GatewayConfig;
import io.toolgate.registry.DomainHealth;
import io.toolgate.registry.RefreshReport;
import io.toolgate.registry.RegistrySnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.IntSupplier;

/**
 * What the gateway says once its first populate has finished: where {@code /mcp} is, how it is set up, and one line
 * per domain with its tool count or why it has none.
 */
final class StartupSummary {

    private static final Logger LOG = LoggerFactory.getLogger("io.toolgate.startup");
    private final GatewayConfig config;
    private final IntSupplier port;

    /** @param port the port the HTTP server listens on (it differs from the configured one when that is 0) */
    StartupSummary(GatewayConfig config, IntSupplier port) {
        this.config = config;
        this.port = port;
    }

    void log(RegistrySnapshot snapshot, List<RefreshReport> reports) {
        List<DomainHealth> health = DomainHealth.of(snapshot, Set.of());
        long down = health.stream().filter(h -> h.state() == DomainHealth.State.DOWN).count();
        String host = config.server().host();
        String shownHost = host.equals("0.0.0.0") || host.equals("::") ? "localhost" : host.contains(":") ? "[" + host + "]" : host;
        LOG.info("toolgate {} ready in {} s at http://{}:{}/mcp (bound to {}): {} tools from {} of {} domains; exposure {}, "
                        + "search {}, authentication {}, registration API {}, code mode {}",
                GatewayMain.version(),
                String.format(Locale.ROOT, "%.1f", ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0),
                shownHost, port.getAsInt(), host, snapshot.tools().size(), health.size() - down, health.size(),
                label(config.tools().exposure()), label(config.tools().search()),
                config.jwt() == null ? "off" : "JWT (issuer " + config.jwt().issuer() + ")",
                config.registration() == null ? "off" : "on", config.codeMode().enabled() ? "on" : "off");
        for (DomainHealth h : health) {
            RefreshReport report = reports.stream().filter(r -> r.domain().equals(h.domain())).findFirst().orElse(null);
            if (h.state() == DomainHealth.State.DOWN) {
                LOG.warn("Upstream '{}' is down: {}; {}", h.domain(), h.lastError(), config.upstreams().refreshIntervalMillis() > 0
                        ? "retried every " + config.upstreams().refreshIntervalMillis() / 1000 + " s"
                        : "listed again on refresh_registry, or set GATEWAY_REFRESH_INTERVAL to retry on its own");
            } else {
                LOG.info("Upstream '{}': {} tools{}", h.domain(), h.toolCount(),
                        report != null && report.refused() ? " (schema change refused by GATEWAY_SCHEMA_PINNING=enforce)" : "");
            }
        }
    }

    private static String label(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
