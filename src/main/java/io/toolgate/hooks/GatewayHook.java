package io.toolgate.hooks;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.toolgate.registry.ToolEntry;

import java.util.List;
import java.util.Map;

/**
 * Extension SPI of the gateway. Every method has a no-op default; implement the ones you need. Hooks run in the order
 * they were configured ({@code GATEWAY_HOOK_CLASSES}, then the YAML extension routes):
 * {@code onAuthenticate → beforeExecute → upstream → transformResult → afterExecute}, {@code onError} when the upstream
 * call failed, {@code afterListTools} wherever tools are listed or looked up for a caller, and
 * {@code authorizeCodeMode} before {@code execute_code} runs code.
 *
 * <p>Throw {@link ExecutionDenied} to refuse a call with a message and code of your choice. Any other exception from a
 * hook becomes a {@code hook_error} tool result (its text is logged, never shown to the caller), except in
 * {@code onError}, whose exceptions are logged and ignored. Implementations need a public no-argument constructor and
 * must be thread-safe: one instance serves every request.
 */
public interface GatewayHook {

    /**
     * Identifies the caller from its HTTP request headers (lower-case names). Runs once per MCP request that needs a
     * user; every hook runs and the last non-null answer wins.
     */
    default GatewayUser onAuthenticate(Map<String, String> headers) {
        return null;
    }

    /** Before arguments are validated and the upstream is called; may change arguments and extra headers, or deny. */
    default void beforeExecute(ExecutionContext context) {
    }

    /**
     * The upstream's {@code CallToolResult} (also when it has {@code isError: true}), before the gateway shapes it;
     * returns the result to pass on. Each hook gets the previous hook's output.
     */
    default ObjectNode transformResult(ExecutionContext context, ObjectNode result) {
        return result;
    }

    /** The result the caller is about to receive; returns the result to send. Each hook gets the previous output. */
    default ObjectNode afterExecute(ExecutionContext context, ObjectNode result) {
        return result;
    }

    /** The upstream call failed (transport, timeout, protocol error). The caller still gets {@code execution_error}. */
    default void onError(ExecutionContext context, Exception error) {
    }

    /**
     * Whether this caller may run code with {@code execute_code}; every hook must allow it (the default allows).
     * Returning false refuses the call with code {@code forbidden}; throw {@link ExecutionDenied} for a message and
     * code of your own. Each tool the code then calls still goes through every other stage.
     */
    default boolean authorizeCodeMode(GatewayUser user, Map<String, String> headers) {
        return true;
    }

    /**
     * Which of these tools the caller may see. Tools left out are hidden everywhere for this request: listings, search,
     * schema, suggestions, error details and execution. Returning tools that were not in the input has no effect.
     */
    default List<ToolEntry> afterListTools(List<ToolEntry> tools, ListToolsContext context) {
        return tools;
    }
}
