package io.toolgate.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Carries JSON-RPC messages between the gateway and one MCP upstream. A transport knows nothing of sessions or
 * protocol eras: the session id and protocol version it is given are opaque values it presents with the message, and
 * the session id the upstream hands back is returned as it came.
 * <p>
 * Statuses follow HTTP's meaning (2xx accepted, 404 the session is unknown, 405 no such stream); a transport without
 * statuses of its own answers 200, or 202 for a message that needs no answer.
 */
interface McpTransport extends AutoCloseable {

    /**
     * What travels with one message besides its body.
     *
     * @param sessionId       the session to present, or null
     * @param protocolVersion the protocol version to present, or null
     * @param headers         the caller's headers to pass on (a transport leaves out those it sets itself)
     * @param routing         headers naming what the message is about, for intermediaries that do not read bodies
     * @param resumable       whether a response stream that ends before the response may be resumed
     */
    record Envelope(String sessionId, String protocolVersion, Map<String, String> headers,
                    Map<String, String> routing, boolean resumable) {
    }

    /**
     * What came back for one message.
     *
     * @param status    the status the upstream answered with
     * @param sessionId the session id the upstream named, else the one presented
     * @param message   the JSON-RPC response to a request, or null (a notification or response sent, or no answer)
     */
    record Reply(int status, String sessionId, JsonNode message) {
    }

    /**
     * Sends one JSON-RPC message. For a request, waits for its response until the transport's timeout; what the
     * upstream sends before it (notifications, requests) goes to {@code inbound} as it arrives.
     *
     * @param call the caller's handle to cancel the wait, or null when the request cannot be cancelled
     * @throws UpstreamException when the upstream cannot be reached, times out, or the call is cancelled
     */
    Reply send(ObjectNode message, Envelope envelope, Consumer<JsonNode> inbound, InFlightCall call);

    /**
     * Opens the upstream's stream of messages sent outside any request: by sending {@code subscription} when given
     * (the stream is its answer), else the transport's standalone stream. When the upstream accepts (200),
     * {@code opened} runs and every message goes to {@code inbound} until the stream ends or the transport closes.
     *
     * @return the status the upstream answered with
     */
    int stream(ObjectNode subscription, Envelope envelope, Consumer<JsonNode> inbound, Runnable opened)
            throws IOException, InterruptedException;

    /**
     * True when every message travels over one connection whatever headers it carries (stdio, legacy SSE): such a
     * transport sends no per-message headers, and its client keeps one session for all callers.
     */
    default boolean singleConnection() {
        return false;
    }

    /** Tells the upstream the session is over, best effort, without waiting. */
    void endSession(String sessionId);

    /** Closes the transport, ending the stream {@link #stream} holds open; sessions are ended before. */
    @Override
    void close();
}
