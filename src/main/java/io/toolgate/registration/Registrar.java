package io.toolgate.registration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.toolgate.json.Json;
import io.toolgate.registry.DescriptionSanitizer;
import io.toolgate.registry.DomainCatalog;
import io.toolgate.registry.DomainState;
import io.toolgate.registry.RefreshReport;
import io.toolgate.registry.RegistryRefresher;
import io.toolgate.registry.RegistrySnapshot;
import io.toolgate.registry.ToolEntry;
import io.toolgate.registry.ToolRegistry;
import io.toolgate.upstream.UpstreamClients;
import io.toolgate.upstream.UpstreamException;
import io.toolgate.upstream.UpstreamSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Registers, removes, lists and refreshes domains at run time (errors answer {"error","code",…} with their HTTP status). A registration is
 * probed through new clients outside any lock; only when the upstream answered {@code tools/list} is it written to the
 * {@link RegistrationStore} and, in the same critical section, installed and swapped into the registry. A failed probe,
 * a refused schema change or a failed write leave everything as it was.
 */
public final class Registrar {

    static final int RETRY_AFTER_SECONDS = 5;
    private static final Logger LOG = LoggerFactory.getLogger(Registrar.class);

    private final ToolRegistry registry;
    private final UpstreamClients upstreams;
    private final RegistryRefresher refresher;
    private final UrlGuard urlGuard;
    private final HeaderGuard headerGuard;
    private final RegistrationStore store;
    private final List<String> forwardHeaders;
    private final Clock clock;
    private final Object commitLock = new Object();

    public Registrar(ToolRegistry registry, UpstreamClients upstreams, RegistryRefresher refresher, UrlGuard urlGuard,
                     HeaderGuard headerGuard, RegistrationStore store, List<String> forwardHeaders, Clock clock) {
        this.registry = registry;
        this.upstreams = upstreams;
        this.refresher = refresher;
        this.urlGuard = urlGuard;
        this.headerGuard = headerGuard;
        this.store = store;
        this.forwardHeaders = forwardHeaders;
        this.clock = clock;
    }

    /**
     * Installs every stored registration (before the first populate lists them), replacing a configured domain of the
     * same name. Called once at startup.
     */
    public int restore() throws SQLException {
        store.open();
        List<Registration> stored = store.all();
        for (Registration r : stored) {
            upstreams.install(upstreams.prepare(spec(r.domain(), r.url(), r.discoveryUrl(), r.headers())));
        }
        registry.update(current -> {
            List<DomainState> next = new ArrayList<>(current);
            for (Registration r : stored) {
                String description = r.description() != null ? r.description() : descriptionOf(current, r.domain());
                replace(next, new DomainState(r.domain(), UpstreamSpec.endpointFor(r.domain()), description));
            }
            return next;
        });
        return stored.size();
    }

    /** {@code POST /registry/servers}. */
    public ObjectNode register(RegistrationRequest req) throws RegistrationException {
        String domain = req.domain();
        guardUrl(req.url());
        if (req.discoveryUrl() != null) {
            guardUrl(req.discoveryUrl());
        }
        if (req.headers() != null) {
            String refusal = headerGuard.refusal(req.headers());
            if (refusal != null) {
                throw new RegistrationException(400, "header_injection_rejected", refusal);
            }
        }
        String description = req.description() == null ? null : DescriptionSanitizer.sanitize(req.description());
        UpstreamClients.Upstream candidate = upstreams.prepare(spec(domain, req.url(), req.discoveryUrl(), req.headers()));
        try {
            DomainCatalog catalog = probe(domain, candidate);
            ObjectNode out;
            synchronized (commitLock) {
                DomainState current = registry.snapshot().domain(domain);
                if (current != null && current.catalog() != null && !refresher.acceptable(current, catalog)) {
                    throw new RegistrationException(409, refused(domain), 0);
                }
                String kept = description != null ? description : current == null ? null : current.description();
                save(new Registration(domain, req.url(), req.discoveryUrl(), req.headers(), kept, clock.millis()));
                upstreams.install(candidate);
                candidate = null;
                ToolRegistry.Swap swap = registry.update(list -> {
                    List<DomainState> next = new ArrayList<>(list);
                    replace(next, new DomainState(domain, UpstreamSpec.endpointFor(domain), kept, catalog, null, clock.instant()));
                    return next;
                });
                RefreshReport report = RefreshReport.of(domain, swap, false, null);
                out = Json.object();
                out.put("registered", domain);
                out.put("url", req.url());
                out.put("discovery_url", req.discoveryUrl() != null ? req.discoveryUrl() : req.url());
                out.put("tools_discovered", report.toolCount());
                out.set("tools_added", Json.array(report.added()));
            }
            LOG.info("Registered domain '{}' at {} ({} tools)", domain, ScrubbedUrl.of(req.url()), out.path("tools_discovered").asInt());
            return out;
        } finally {
            if (candidate != null) {
                upstreams.discard(candidate);
            }
        }
    }

    /** {@code DELETE /registry/servers/{domain}}. A configured domain is removed until the next restart. */
    public ObjectNode deregister(String domain) throws RegistrationException {
        ObjectNode out = Json.object();
        synchronized (commitLock) {
            if (domain == null || !registry.snapshot().hasDomain(domain)) {
                throw new RegistrationException(404, "not_found", "Domain '" + domain + "' is not registered");
            }
            try {
                store.delete(domain);
            } catch (SQLException e) {
                throw storageFailure(domain, e);
            }
            ToolRegistry.Swap swap = registry.update(list -> list.stream().filter(d -> !d.name().equals(domain)).toList());
            upstreams.remove(domain);
            out.put("deregistered", domain);
            out.set("tools_removed", Json.array(RefreshReport.of(domain, swap, false, null).removed()));
        }
        LOG.info("Deregistered domain '{}'", domain);
        return out;
    }

    /** {@code GET /registry/servers}: every domain, sorted; URLs without userinfo, query or fragment. */
    public ObjectNode list() {
        RegistrySnapshot s = registry.snapshot();
        Map<String, Long> toolCounts = s.tools().values().stream()
                .collect(Collectors.groupingBy(ToolEntry::domain, Collectors.counting()));
        ObjectNode out = Json.object();
        ArrayNode servers = out.putArray("servers");
        s.domains().stream().sorted((a, b) -> a.name().compareTo(b.name())).forEach(d -> {
            UpstreamSpec spec = upstreams.spec(d.name());
            ObjectNode o = servers.addObject();
            o.put("domain", d.name());
            o.put("url", spec == null ? null : ScrubbedUrl.of(spec.url()));
            if (spec != null && spec.discoveryUrl() != null) {
                o.put("discovery_url", ScrubbedUrl.of(spec.discoveryUrl()));
            }
            if (spec != null && spec.transport() != null) {
                o.put("transport", spec.transport().name().toLowerCase(Locale.ROOT).replace('_', '-'));
            }
            if (spec != null && spec.command() != null) {
                o.put("command", spec.command().command());
            }
            o.put("tool_count", toolCounts.getOrDefault(d.name(), 0L));
            o.put("description", d.description());
            o.put("source", spec != null && spec.registered() ? "registration" : "configuration");
            if (d.lastError() != null) {
                o.put("last_error", d.lastError());
            }
        });
        out.put("total", servers.size());
        return out;
    }

    /** {@code POST /registry/servers/refresh?expected_digest=…}: re-lists one domain, accepting exactly that schema. */
    public ObjectNode refresh(String domain, String expectedDigest) throws RegistrationException {
        DomainState current = registry.snapshot().domain(domain);
        if (current == null) {
            throw new RegistrationException(404, "not_found", "Domain '" + domain + "' is not registered");
        }
        DomainCatalog fresh;
        try {
            fresh = refresher.list(current);
        } catch (UpstreamException e) {
            throw probeFailure(domain, upstreams.spec(domain), e);
        } catch (RuntimeException e) {
            LOG.warn("Refresh of '{}' failed: {}", domain, e.getMessage());
            throw new RegistrationException(500, "refresh_error", "Refresh of '" + domain + "' failed");
        }
        String before = current.catalog() == null ? null : current.catalog().digest();
        boolean changed = !fresh.digest().equals(before);
        if (changed && !fresh.digest().equals(expectedDigest)) {
            ObjectNode body = RegistrationException.body("conflict", "digest_mismatch");
            body.put("expected", expectedDigest.substring(0, 8) + "...");
            body.put("computed", fresh.digest().substring(0, 8) + "...");
            body.put("domain", domain);
            throw new RegistrationException(409, body, 0);
        }
        RefreshReport report;
        synchronized (commitLock) {
            report = refresher.apply(current, fresh);
        }
        if (report == null) {
            throw new RegistrationException(409, "conflict", "Domain '" + domain + "' changed while it was being refreshed; retry");
        }
        ObjectNode out = Json.object();
        out.put("refreshed", domain);
        out.put("tool_count", report.toolCount());
        out.set("added", Json.array(report.added()));
        out.set("removed", Json.array(report.removed()));
        out.put("schema_digest", fresh.digest());
        out.put("schema_digest_changed", changed);
        return out;
    }

    private void guardUrl(String url) throws RegistrationException {
        try {
            urlGuard.check(url);
        } catch (UrlRejectedException e) {
            throw new RegistrationException(400, "ssrf_rejected", "URL rejected: " + e.getMessage());
        }
    }

    private UpstreamSpec spec(String domain, String url, String discoveryUrl, Map<String, String> headers) {
        return new UpstreamSpec(domain, url, UpstreamSpec.endpointFor(domain), headers == null ? Map.of() : Map.copyOf(headers),
                forwardHeaders, discoveryUrl, headers == null ? null : Map.copyOf(headers), true, UpstreamSpec.Transport.STREAMABLE_HTTP,
                null);
    }

    private DomainCatalog probe(String domain, UpstreamClients.Upstream candidate) throws RegistrationException {
        List<JsonNode> tools;
        try {
            tools = candidate.discovery().listTools(candidate.discoveryHeaders());
        } catch (UpstreamException e) {
            throw probeFailure(domain, candidate.spec(), e);
        }
        return refresher.ingest(domain, tools);
    }

    /** 503 + Retry-After for a transient failure, 422 for 401/403, 500 for anything else. */
    private static RegistrationException probeFailure(String domain, UpstreamSpec spec, UpstreamException e) {
        String where = spec == null ? "?" : ScrubbedUrl.of(spec.discoveryUrl() != null ? spec.discoveryUrl() : spec.url());
        LOG.warn("Upstream '{}' at {} did not answer tools/list: {}", domain, where, e.getMessage());
        if (e.isTransient()) {
            ObjectNode body = RegistrationException.body("upstream_not_ready", "Upstream '" + domain
                    + "' is not yet reachable at '" + where + "' (" + e.getMessage() + "). This is expected during pod "
                    + "startup; retry shortly.");
            body.put("domain", domain);
            body.put("retry_after_seconds", RETRY_AFTER_SECONDS);
            return new RegistrationException(503, body, RETRY_AFTER_SECONDS);
        }
        if (e.httpStatus() == 401 || e.httpStatus() == 403) {
            ObjectNode body = RegistrationException.body("upstream_auth_failed", "Upstream '" + domain + "' at '" + where
                    + "' refused discovery with HTTP " + e.httpStatus() + "; check the registration's headers");
            body.put("domain", domain);
            body.put("upstream_status", e.httpStatus());
            return new RegistrationException(422, body, 0);
        }
        ObjectNode body = RegistrationException.body("upstream_error", "Upstream '" + domain + "' at '" + where
                + "' failed discovery (" + e.getMessage() + ")");
        body.put("domain", domain);
        return new RegistrationException(500, body, 0);
    }

    private static ObjectNode refused(String domain) {
        ObjectNode body = RegistrationException.body("schema_refused", "Registration refused for '" + domain
                + "': its tool schemas changed and GATEWAY_SCHEMA_PINNING=enforce; accept the change with "
                + "POST /registry/servers/refresh?expected_digest=<new digest>");
        body.put("domain", domain);
        return body;
    }

    private void save(Registration r) throws RegistrationException {
        try {
            store.save(r);
        } catch (SQLException e) {
            throw storageFailure(r.domain(), e);
        }
    }

    private RegistrationException storageFailure(String domain, SQLException e) {
        LOG.error("Could not write registration of '{}' to {}: {}", domain, store.description(), e.getMessage());
        return new RegistrationException(500, "storage_error", "The registration of '" + domain
                + "' could not be stored; nothing was changed");
    }

    private static void replace(List<DomainState> domains, DomainState state) {
        for (int i = 0; i < domains.size(); i++) {
            if (domains.get(i).name().equals(state.name())) {
                domains.set(i, state);
                return;
            }
        }
        domains.add(state);
    }

    private static String descriptionOf(List<DomainState> domains, String name) {
        return domains.stream().filter(d -> d.name().equals(name)).map(DomainState::description).filter(Objects::nonNull)
                .findFirst().orElse(null);
    }
}
