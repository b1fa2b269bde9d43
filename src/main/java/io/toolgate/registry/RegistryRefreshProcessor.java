package io.toolgate.registry;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.function.BiConsumer;

/**
 * Re-lists every domain and swaps the registry once; the body becomes the list of {@link RefreshReport}s. After the
 * first run it marks the registry populated (readiness) and tells {@code onPopulated}, which reports what was found.
 */
public final class RegistryRefreshProcessor implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryRefreshProcessor.class);
    private final RegistryRefresher refresher;
    private final ToolRegistry registry;
    private final BiConsumer<RegistrySnapshot, List<RefreshReport>> onPopulated;

    public RegistryRefreshProcessor(RegistryRefresher refresher, ToolRegistry registry,
                                    BiConsumer<RegistrySnapshot, List<RefreshReport>> onPopulated) {
        this.refresher = refresher;
        this.registry = registry;
        this.onPopulated = onPopulated;
    }

    @Override
    public void process(Exchange exchange) {
        boolean first = !registry.isPopulated();
        List<RefreshReport> reports = refresher.refreshAll();
        if (first) {
            registry.markPopulated();
            onPopulated.accept(registry.snapshot(), reports);
        } else {
            reports.stream().filter(RefreshReport::hasChanges).forEach(r -> LOG.info(
                    "Registry refresh for '{}': +{} -{} ~{} tools", r.domain(), r.added().size(), r.removed().size(), r.changed().size()));
        }
        exchange.getIn().setBody(reports);
    }
}
