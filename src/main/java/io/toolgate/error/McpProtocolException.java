package io.toolgate.error;

/**
 * A failure reported as a JSON-RPC error object (not as a tool result): malformed messages, unknown methods,
 * invalid params. Carries the JSON-RPC code.
 */
public class McpProtocolException extends RuntimeException {

    public static final int PARSE_ERROR = -32700;
    public static final int INVALID_REQUEST = -32600;
    public static final int METHOD_NOT_FOUND = -32601;
    public static final int INVALID_PARAMS = -32602;
    public static final int INTERNAL_ERROR = -32603;

    private final int rpcCode;
    public McpProtocolException(int rpcCode, String message) {
        super(message);
        this.rpcCode = rpcCode;
    }

    public int rpcCode() {
        return rpcCode;
    }
}
