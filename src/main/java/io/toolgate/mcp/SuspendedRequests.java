package io.toolgate.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.toolgate.error.McpProtocolException;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stateless requests waiting for their client's input, by the {@code requestState} the client was given. A state is
 * 128 random bits, good for one retry: each round gets a new one, so a state cannot be replayed, and one that was
 * altered, expired or never issued is refused. At most {@code limit} requests wait at once; each holds an upstream
 * call open.
 */
public final class SuspendedRequests {

    private final Map<String, SuspendedRequest> waiting = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final int limit;

    public SuspendedRequests(int limit) {
        this.limit = limit;
    }

    /** Keeps the request until the client's retry; answers the {@code requestState} to give the client. */
    String suspend(SuspendedRequest request) {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        String state = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        waiting.put(state, request);
        return state;
    }

    /** True when another request may wait for its client. */
    boolean hasRoom() {
        return waiting.size() < limit;
    }

    /**
     * The request a retry continues, given the client's answers and no longer waiting under that state.
     *
     * @throws McpProtocolException -32602 when the state is unknown (altered, expired, used) or was issued for another
     *                              method, target or caller, or an answer is not a result object (the request then
     *                              still waits)
     */
    SuspendedRequest resume(String state, String method, String target, String subject, JsonNode inputResponses) {
        SuspendedRequest request = waiting.get(state);
        if (request == null || !request.continuedBy(method, target, subject)) {
            throw new McpProtocolException(McpProtocolException.INVALID_PARAMS,
                    "Invalid params: requestState is not one this gateway issued for this request, or it expired");
        }
        request.check(inputResponses);
        if (!waiting.remove(state, request)) {
            throw new McpProtocolException(McpProtocolException.INVALID_PARAMS,
                    "Invalid params: requestState was already used");
        }
        request.answer(inputResponses);
        return request;
    }

    /** Drops a request whose client did not come back in time; answers it, or null if it was resumed. */
    SuspendedRequest expire(String state) {
        return waiting.remove(state);
    }

    /** Gives up on every waiting request (the gateway is stopping): their upstream work is cancelled. */
    public void abandonAll() {
        waiting.keySet().forEach(state -> {
            SuspendedRequest request = waiting.remove(state);
            if (request != null) {
                request.abandon();
            }
        });
    }

    public int size() {
        return waiting.size();
    }
}
