package io.toolgate.error;

import com.fasterxml.jackson.databind.JsonNode;

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
    /** The gateway cannot take the request now (every session is in use); the client may try again later. */
    public static final int SERVER_BUSY = -32000;

    /** The request's headers contradict its body (2026-07-28 era). */
    public static final int HEADER_MISMATCH = -32020;
    /** Answering needs a client capability the request did not declare (2026-07-28 era). */
    public static final int MISSING_CLIENT_CAPABILITY = -32021;
    /** The request's protocol version is not one the gateway serves statelessly (2026-07-28 era). */
    public static final int UNSUPPORTED_PROTOCOL_VERSION = -32022;

    private final int rpcCode;
    private final transient JsonNode data;

    public McpProtocolException(int rpcCode, String message) {
        this(rpcCode, message, null);
    }

    /** @param data the error object's {@code data}, or null */
    public McpProtocolException(int rpcCode, String message, JsonNode data) {
        super(message);
        this.rpcCode = rpcCode;
        this.data = data;
    }

    public int rpcCode() {
        return rpcCode;
    }

    public JsonNode data() {
        return data;
    }
}
