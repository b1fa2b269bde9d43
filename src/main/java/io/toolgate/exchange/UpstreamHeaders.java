package io.toolgate.exchange;

/**
 * Exchange headers that form the contract between the gateway and any endpoint bound to a domain
 * ({@code mcp-upstream:<domain>}, {@code direct:…}, {@code kamelet:…}): for a tool call these are the only headers
 * the endpoint receives.
 * <ul>
 *   <li>{@link #METHOD} is {@code tools/list} (answer with the list of tool descriptors) or {@code tools/call}.</li>
 *   <li>For {@code tools/call}, {@link #TOOL} is the upstream's own tool name and the body holds the arguments.</li>
 * </ul>
 */
public final class UpstreamHeaders {

    public static final String METHOD = "ToolgateMethod";
    public static final String TOOL = "ToolgateTool";
    /** The caller's {@code _meta} object of the {@code tools/call} request, forwarded unchanged. */
    public static final String META = "ToolgateMeta";

    public static final String LIST_TOOLS = "tools/list";
    public static final String CALL_TOOL = "tools/call";

    private UpstreamHeaders() {
    }
}
