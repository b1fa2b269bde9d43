package io.toolgate.config;

/** Reads {@link CodeModeSettings} from the {@code GATEWAY_CODE_MODE*} variables. */
final class CodeModeParser {

    private CodeModeParser() {
    }

    static CodeModeSettings parse(ConfigReader r) {
        return new CodeModeSettings(
                r.bool("gateway.code-mode", false),
                r.seconds("gateway.code-mode-max-duration-secs", Defaults.CODE_MODE_MAX_DURATION_MILLIS),
                r.longMin("gateway.code-mode-max-memory", Defaults.CODE_MODE_MAX_MEMORY_BYTES, 32L * 1024 * 1024),
                r.longMin("gateway.code-mode-max-allocations", Defaults.CODE_MODE_MAX_ALLOCATIONS, 1),
                r.intRange("gateway.code-mode-max-recursion-depth", Defaults.CODE_MODE_MAX_RECURSION_DEPTH, 1, 100_000),
                r.intRange("gateway.code-mode-max-nested-calls", Defaults.CODE_MODE_MAX_NESTED_CALLS, 1, 100_000),
                r.intRange("gateway.code-mode-max-concurrent-calls", Defaults.CODE_MODE_MAX_CONCURRENT_CALLS, 1, 256),
                r.longMin("gateway.code-mode-max-result-bytes", Defaults.CODE_MODE_MAX_RESULT_BYTES, 1024),
                r.intRange("gateway.code-mode-workers", Defaults.CODE_MODE_WORKERS, 1, 64),
                r.bool("gateway.code-mode-audit-verbatim", false));
    }
}
