package io.toolgate.exchange;

/** Names of the exchange properties (not headers: callers cannot set them) the gateway's routes and processors share. */
public final class ExchangeProperties {

    /** The caller's {@code GatewayUser}, set by the MCP entry when inbound authentication is on. */
    public static final String USER = "ToolgateUser";
    /** The {@code ExecutionContext} the execute pipeline's hooks share for one {@code execute_tool} call. */
    public static final String EXECUTION_CONTEXT = "ToolgateExecutionContext";
    /** The {@code ToolEntry} an {@code execute_tool} call resolved to. */
    public static final String TOOL_ENTRY = "ToolgateToolEntry";
    /**
     * The {@code UpstreamListener} of the caller's request, which receives what the upstream streams while the call
     * runs (progress, log messages, sampling and elicitation requests).
     */
    public static final String LISTENER = "ToolgateUpstreamListener";
    /**
     * Set by the {@code /mcp} entry, which authenticates every request (bearer token, then the {@code onAuthenticate}
     * hooks) before it looks up the caller's session; the routes' authenticate step then has nothing left to do.
     */
    public static final String AUTHENTICATED = "ToolgateAuthenticated";
    /** The Camel endpoint bound to the tool's domain (resolved from configuration, never from the caller). */
    public static final String ENDPOINT = "ToolgateEndpoint";
    /** {@code Map<String,String>} of HTTP headers {@code mcp-upstream} sends upstream (they may hold credentials). */
    public static final String OUTBOUND_HEADERS = "ToolgateOutboundHeaders";
    /** The message headers set aside while the endpoint bound to a domain runs, restored after it. */
    public static final String CALLER_HEADERS = "ToolgateCallerHeaders";

    /** The gateway's error code of a failed tool call (set by the tool-failure mapping), for telemetry. */
    public static final String ERROR_CODE = "ToolgateErrorCode";

    private ExchangeProperties() {
    }
}
