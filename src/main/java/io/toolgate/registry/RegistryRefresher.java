package io.toolgate.registry;

import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Lists every domain in parallel (each bounded by a timeout), then applies all answers in one registry swap. A domain
 * that fails keeps its previous tools; schema changes follow the {@link SchemaPinning} mode.
 */
public final class RegistryRefresher {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryRefresher.class);
    /** How often a slow listing of all domains logs its progress. */
    private static final long PROGRESS_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final ToolRegistry registry;
    private final ToolLister lister;
    private final SchemaNormalizer normalizer;
    private final AccessPolicy policy;
    private final SchemaPinning pinning;
    private final ExecutorService executor;
    private final long timeoutMillis;
    /** Listings under way per domain (a refresh and an announced change may list one domain at once). */
    private final Map<String, Integer> listing = new ConcurrentHashMap<>();

    public RegistryRefresher(ToolRegistry registry, ToolLister lister, SchemaNormalizer normalizer, AccessPolicy policy,
                             SchemaPinning pinning, ExecutorService executor, long timeoutMillis) {
        this.registry = registry;
        this.lister = lister;
        this.normalizer = normalizer;
        this.policy = policy;
        this.pinning = pinning;
        this.executor = executor;
        this.timeoutMillis = timeoutMillis;
    }

    /** Re-lists every configured domain; the reports follow configuration order. */
    public List<RefreshReport> refreshAll() {
        List<DomainState> domains = registry.snapshot().domains();
        Set<DomainState> listedStates = Collections.newSetFromMap(new IdentityHashMap<>());
        listedStates.addAll(domains);
        Map<String, Future<DomainCatalog>> pending = new LinkedHashMap<>();
        for (DomainState d : domains) {
            pending.put(d.name(), CompletableFuture.supplyAsync(() -> list(d), executor));
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        long progressAt = System.nanoTime() + PROGRESS_NANOS;
        Map<String, DomainCatalog> listed = new HashMap<>();
        Map<String, String> errors = new HashMap<>();
        for (Map.Entry<String, Future<DomainCatalog>> e : pending.entrySet()) {
            String domain = e.getKey();
            Future<DomainCatalog> future = e.getValue();
            while (true) {
                long now = System.nanoTime();
                try {
                    listed.put(domain, future.get(Math.max(0, Math.min(deadline, progressAt) - now), TimeUnit.NANOSECONDS));
                    break;
                } catch (TimeoutException timeout) {
                    if (System.nanoTime() - deadline >= 0) {
                        future.cancel(true);
                        errors.put(domain, "timed out after " + timeoutMillis + " ms");
                        break;
                    }
                    logProgress(pending);
                    progressAt += PROGRESS_NANOS;
                } catch (ExecutionException failed) {
                    errors.put(domain, describe(failed.getCause()));
                    break;
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    errors.put(domain, "interrupted");
                    break;
                }
            }
        }
        Map<String, Boolean> refused = new HashMap<>();
        ToolRegistry.Swap swap = registry.update(current -> {
            List<DomainState> next = new ArrayList<>(current.size());
            for (DomainState d : current) {
                DomainCatalog fresh = listed.get(d.name());
                if (!listedStates.contains(d)) {
                    // registered, re-registered or refreshed while this listing ran: what was listed is out of date
                    next.add(d);
                } else if (errors.containsKey(d.name())) {
                    LOG.warn("Failed to list upstream '{}' ({}); keeping its {} known tools", d.name(),
                            errors.get(d.name()), d.catalog() == null ? 0 : d.catalog().tools().size());
                    next.add(d.withError(errors.get(d.name())));
                } else if (fresh == null) {
                    next.add(d);
                } else if (acceptable(d, fresh)) {
                    next.add(d.withListing(fresh, Instant.now()));
                } else {
                    refused.put(d.name(), true);
                    next.add(d);
                }
            }
            return next;
        });
        List<RefreshReport> reports = new ArrayList<>();
        for (DomainState d : swap.after().domains()) {
            reports.add(RefreshReport.of(d.name(), swap, refused.containsKey(d.name()), errors.get(d.name())));
        }
        return reports;
    }

    /** While listings are slow, which domains have answered and which are awaited. */
    private static void logProgress(Map<String, Future<DomainCatalog>> pending) {
        List<String> waiting = pending.entrySet().stream().filter(e -> !e.getValue().isDone()).map(Map.Entry::getKey).toList();
        LOG.info("Listing upstreams: {} of {} answered; waiting for {}{}", pending.size() - waiting.size(), pending.size(),
                String.join(", ", waiting.subList(0, Math.min(10, waiting.size()))),
                waiting.size() > 10 ? " and " + (waiting.size() - 10) + " more" : "");
    }

    /**
     * Re-lists one domain (an upstream said its tools changed) and applies the listing when schema pinning allows;
     * null when the domain is gone or changed meanwhile. A failure is logged and leaves the registry as it was.
     */
    public RefreshReport refreshDomain(String domain) {
        DomainState d = registry.snapshot().domain(domain);
        if (d == null) {
            return null;
        }
        try {
            DomainCatalog fresh = list(d);
            return acceptable(d, fresh) ? apply(d, fresh) : null;
        } catch (RuntimeException e) {
            LOG.warn("Failed to re-list upstream '{}' after it announced a change: {}", domain, describe(e));
            return null;
        }
    }

    /** Lists one domain through its endpoint and ingests the answer; the lister's exception when that fails. */
    public DomainCatalog list(DomainState d) {
        listing.merge(d.name(), 1, Integer::sum);
        try {
            return ingest(d.name(), lister.list(d));
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(describe(e), e);
        } finally {
            listing.computeIfPresent(d.name(), (k, n) -> n == 1 ? null : n - 1);
        }
    }

    /** The domains being listed at this moment (a live view). */
    public Set<String> listing() {
        return Collections.unmodifiableSet(listing.keySet());
    }

    /** A domain's catalog from raw tool descriptors: naming rules, schema normalisation, access policy, sanitizer. */
    public DomainCatalog ingest(String domain, List<JsonNode> listed) {
        return DomainCatalog.ingest(domain, listed, normalizer, policy);
    }

    /**
     * Applies a listing of one domain unless the domain changed since {@code listedFrom} was read (then nothing is
     * applied and {@code null} returned). The schema-pinning mode is not consulted: the caller decided.
     */
    public RefreshReport apply(DomainState listedFrom, DomainCatalog fresh) {
        boolean[] applied = {false};
        ToolRegistry.Swap swap = registry.update(current -> current.stream().map(d -> {
            if (d == listedFrom) {
                applied[0] = true;
                return d.withListing(fresh, Instant.now());
            }
            return d;
        }).toList());
        return applied[0] ? RefreshReport.of(listedFrom.name(), swap, false, null) : null;
    }

    /** True when the schema-pinning mode lets {@code fresh} replace the domain's current catalog (logged). */
    public boolean acceptable(DomainState d, DomainCatalog fresh) {
        if (d.catalog() == null) {
            LOG.info("Schema digest baseline established: domain={} digest={}", d.name(), shortDigest(fresh.digest()));
            return true;
        }
        if (Objects.equals(d.catalog().digest(), fresh.digest())) {
            return true;
        }
        switch (pinning) {
            case ENFORCE -> {
                LOG.error("Schema integrity violation: domain={} prior_digest={} candidate_digest={} -- refresh refused; registry state unchanged",
                        d.name(), shortDigest(d.catalog().digest()), shortDigest(fresh.digest()));
                return false;
            }
            case WARN -> LOG.warn("Schema digest changed: domain={} prior_digest={} new_digest={} -- change applied",
                    d.name(), d.catalog().digest(), fresh.digest());
            default -> LOG.debug("Schema digest changed: domain={}", d.name());
        }
        return true;
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    private static String shortDigest(String digest) {
        return digest.substring(0, 8) + ".." + digest.substring(digest.length() - 8);
    }
}
