package io.toolgate.config;

/**
 * Code mode: {@code execute_code} runs JavaScript against the tools in worker processes.
 *
 * @param enabled              whether {@code execute_code} is offered ({@code GATEWAY_CODE_MODE})
 * @param maxDurationMillis    wall-clock time of one run ({@code GATEWAY_CODE_MODE_MAX_DURATION_SECS})
 * @param maxMemoryBytes       heap of each worker process ({@code GATEWAY_CODE_MODE_MAX_MEMORY})
 * @param maxStatements        JavaScript statements one run may execute ({@code GATEWAY_CODE_MODE_MAX_ALLOCATIONS})
 * @param maxRecursionDepth    nested function calls a run may make ({@code GATEWAY_CODE_MODE_MAX_RECURSION_DEPTH})
 * @param maxNestedCalls       tool calls one run may make ({@code GATEWAY_CODE_MODE_MAX_NESTED_CALLS})
 * @param maxConcurrentCalls   tool calls of one run outstanding at once ({@code GATEWAY_CODE_MODE_MAX_CONCURRENT_CALLS})
 * @param maxResultBytes       the largest result returned; larger ones are truncated ({@code GATEWAY_CODE_MODE_MAX_RESULT_BYTES})
 * @param workers              worker processes kept warm ({@code GATEWAY_CODE_MODE_WORKERS})
 * @param auditVerbatim        whether the code itself is logged at DEBUG ({@code GATEWAY_CODE_MODE_AUDIT_VERBATIM})
 */
public record CodeModeSettings(boolean enabled, long maxDurationMillis, long maxMemoryBytes, long maxStatements,
                               int maxRecursionDepth, int maxNestedCalls, int maxConcurrentCalls, long maxResultBytes,
                               int workers, boolean auditVerbatim) {
}
