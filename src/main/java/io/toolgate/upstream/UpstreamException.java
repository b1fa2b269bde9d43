package io.toolgate.upstream;

/**
 * An upstream that could not be used: not reachable, timed out, answered with an HTTP error or a JSON-RPC error.
 * The message is safe to show operators; it never contains credentials.
 */
public class UpstreamException extends RuntimeException {

    private final Integer rpcCode;

    public UpstreamException(String message) {
        super(message);
        this.rpcCode = null;
    }

    public UpstreamException(String message, Throwable cause) {
        super(message, cause);
        this.rpcCode = null;
    }

    public UpstreamException(int rpcCode, String message) {
        super(message);
        this.rpcCode = rpcCode;
    }

    /** The JSON-RPC error code when the upstream answered with an error object, else null. */
    public Integer rpcCode() {
        return rpcCode;
    }
}
