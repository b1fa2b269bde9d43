package io.toolgate.config;

import io.toolgate.hooks.OutputGuardHook;
import io.toolgate.mcp.Exposure;
import io.toolgate.registry.SchemaNormalizer;
import io.toolgate.registry.SchemaPinning;
import io.toolgate.registry.ToolNaming;
import io.toolgate.search.SearchMode;

import java.util.List;

/**
 * The value of every setting left unset (or blank). Two defaults depend on other settings and are computed where they
 * are read: {@code GATEWAY_EXAMPLES} is on when no upstream is configured, and {@code GATEWAY_ALLOWED_HOSTS} accepts
 * only loopback names when the gateway binds a loopback address.
 */
public final class Defaults {

    public static final String NAME = "toolgate";
    public static final String HOST = "0.0.0.0";
    public static final int PORT = 8080;
    public static final long MAX_BODY_BYTES = 4L * 1024 * 1024;
    public static final long REQUEST_READ_TIMEOUT_MILLIS = 30_000;
    /** Above the upstream timeout, so a client waiting between two tool calls keeps its connection. */
    public static final long IDLE_TIMEOUT_MILLIS = 120_000;
    /** Below the 60 s idle timeout common in proxies and load balancers. */
    public static final long SSE_KEEPALIVE_MILLIS = 15_000;
    /** Well under the usual 65,536 open files per process, leaving room for upstream connections and the database. */
    public static final int MAX_CONNECTIONS = 10_000;
    /** Client sessions open at once; a session holds a few kilobytes while idle. */
    public static final int MAX_SESSIONS = 10_000;
    /** How long a client session may stay idle (no request in flight, no event stream open) before it ends. */
    public static final long SESSION_IDLE_TIMEOUT_MILLIS = 30 * 60 * 1000L;

    /** 0: no periodic refresh. */
    public static final long REFRESH_INTERVAL_MILLIS = 0;
    public static final long UPSTREAM_TIMEOUT_MILLIS = 30_000;
    public static final long MAX_RESPONSE_BYTES = 16L * 1024 * 1024;
    public static final boolean EXAMPLES_FETCH_PRIVATE = false;

    public static final Exposure EXPOSURE = Exposure.META;
    public static final int DIRECT_MAX_TOOLS = 40;
    public static final ToolNaming TOOL_NAMING = ToolNaming.PREFIXED;
    public static final int MAX_SCHEMA_DEPTH = SchemaNormalizer.DEFAULT_MAX_DEPTH;
    public static final SchemaPinning SCHEMA_PINNING = SchemaPinning.WARN;
    public static final boolean RESULT_ENVELOPE = false;
    public static final SearchMode SEARCH = SearchMode.HYBRID;

    /** {@code null}: the output guard is off. */
    public static final OutputGuardHook.Mode OUTPUT_GUARD = null;

    public static final long JWT_LEEWAY_SECONDS = 60;

    public static final List<String> REGISTRATION_ALGORITHMS = List.of("ES256");
    public static final long REGISTRATION_LEEWAY_SECONDS = 10;
    public static final boolean URL_GUARD_ALLOW_PRIVATE_RANGES = false;
    public static final long URL_GUARD_DNS_TIMEOUT_MILLIS = 5_000;

    /** Where the embedded database lives when {@code GATEWAY_DATABASE_URL} is unset. */
    public static final String DATA_DIR = "data";

    private Defaults() {
    }

    /** Code mode (off by default): the seed's limits, and ours. */
    public static final long CODE_MODE_MAX_DURATION_MILLIS = 30_000;
    public static final long CODE_MODE_MAX_MEMORY_BYTES = 256L * 1024 * 1024;
    public static final long CODE_MODE_MAX_ALLOCATIONS = 10_000_000;
    public static final int CODE_MODE_MAX_RECURSION_DEPTH = 200;
    public static final int CODE_MODE_MAX_NESTED_CALLS = 50;
    public static final int CODE_MODE_MAX_CONCURRENT_CALLS = 8;
    public static final long CODE_MODE_MAX_RESULT_BYTES = 64 * 1024;
    public static final int CODE_MODE_WORKERS = 2;
    /** {@code text} (one line per event) or {@code json} (one JSON object per line). */
    public static final String LOG_FORMAT = "text";
}
