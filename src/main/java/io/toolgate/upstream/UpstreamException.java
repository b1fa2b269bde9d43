package io.toolgate.upstream;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An upstream that could not be used: not reachable, timed out, answered with an HTTP error or a JSON-RPC error.
 * The message is safe to show operators; it never contains credentials.
 */
public class UpstreamException extends RuntimeException {

    private final Integer rpcCode;
    private final JsonNode rpcData;
    private final int httpStatus;
    private final boolean transport;

    private UpstreamException(String message, Throwable cause, Integer rpcCode, JsonNode rpcData, int httpStatus,
                              boolean transport) {
        super(message, cause);
        this.rpcCode = rpcCode;
        this.rpcData = rpcData;
        this.httpStatus = httpStatus;
        this.transport = transport;
    }

    public UpstreamException(String message) {
        this(message, null, null, null, 0, false);
    }

    /** The upstream answered a JSON-RPC error object. */
    public UpstreamException(int rpcCode, String message) {
        this(message, null, rpcCode, null, 0, false);
    }

    /** The upstream answered a JSON-RPC error object with {@code data} (null when it had none). */
    public static UpstreamException rpcError(int rpcCode, String message, JsonNode data) {
        return new UpstreamException(message, null, rpcCode, data, 0, false);
    }

    /** The connection failed, timed out or closed before an answer. */
    public static UpstreamException transport(String message, Throwable cause) {
        return new UpstreamException(message, cause, null, null, 0, true);
    }

    /** The gateway's caller cancelled the request; the upstream was told with {@code notifications/cancelled}. */
    public static UpstreamException cancelled() {
        return new UpstreamException("cancelled by the caller", null, null, null, 0, false);
    }

    /** The upstream answered with an HTTP error status. */
    public static UpstreamException httpStatus(String message, int status) {
        return new UpstreamException(message, null, null, null, status, false);
    }

    /** The upstream answered with an HTTP error status and a JSON-RPC error object in the body. */
    public static UpstreamException httpError(String message, int status, int rpcCode, JsonNode data) {
        return new UpstreamException(message, null, rpcCode, data, status, false);
    }

    /** The JSON-RPC error code when the upstream answered with an error object, else null. */
    public Integer rpcCode() {
        return rpcCode;
    }

    /** The {@code data} of the upstream's JSON-RPC error, or null. */
    public JsonNode rpcData() {
        return rpcData;
    }

    /** The HTTP status of an error answer, or 0. */
    public int httpStatus() {
        return httpStatus;
    }

    /**
     * True when trying again shortly may work: a connect error, a timeout, a connection closed before the answer, or
     * the JSON-RPC "connection closed" error (-32000) in a successful HTTP answer.
     */
    public boolean isTransient() {
        return transport || httpStatus == 0 && Integer.valueOf(-32000).equals(rpcCode);
    }
}
