package io.toolgate.error;

/** A JSON-RPC method the gateway does not serve (-32601). */
public class MethodNotFoundException extends McpProtocolException {
    public MethodNotFoundException(String message) {
        super(METHOD_NOT_FOUND, message);
    }
}
