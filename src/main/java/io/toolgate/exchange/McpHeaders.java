package io.toolgate.exchange;

/** Names of the exchange headers the MCP entry and the dispatch routes share. */
public final class McpHeaders {

    /** The JSON-RPC method of the message in the body. */
    public static final String METHOD = "ToolgateMcpMethod";
    /** The JSON-RPC id (a {@code JsonNode}) of the request. */
    public static final String RPC_ID = "ToolgateRpcId";
    /** The caller's {@code Mcp-Session-Id}, when it sent one. */
    public static final String SESSION_ID = "ToolgateSessionId";
    /** Set by {@code initialize}: the id of the session just created, sent back as {@code Mcp-Session-Id}. */
    public static final String NEW_SESSION_ID = "ToolgateNewSessionId";
    /** {@code Map<String,String>} of the caller's HTTP request headers, names lower-cased. */
    public static final String REQUEST_HEADERS = "ToolgateRequestHeaders";
    /** The meta-tool named by a {@code tools/call}. */
    public static final String TOOL_NAME = "ToolgateMetaTool";
    /** The {@link StatelessRequest} of a stateless-era request; absent for a session's request. */
    public static final String STATELESS = "ToolgateStateless";
    /** The upstream tool (exposed name) a {@code tools/call} names directly, with exposure {@code direct}/{@code auto}. */
    public static final String DIRECT_TOOL = "ToolgateDirectTool";

    private McpHeaders() {
    }
}
