package io.toolgate.observability;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Told of every request {@code /mcp} answered, on the thread that handled it; must return quickly and not throw.
 * Requests refused before reaching the routes (HTTP status 400 and above: bad headers or body, unknown session, failed
 * authentication) are told to {@link #refused}.
 */
@FunctionalInterface
public interface McpRequestListener {

    void requestDone(McpRequestRecord request);

    /** @param subject the authenticated caller when authentication had succeeded, else null */
    default void refused(String httpMethod, int status, String subject) {
    }

    /** One listener telling each of {@code listeners} in turn; a listener that throws is logged and does not stop the others. */
    static McpRequestListener all(List<McpRequestListener> listeners) {
        List<McpRequestListener> copy = List.copyOf(listeners);
        Logger log = LoggerFactory.getLogger(McpRequestListener.class);
        return new McpRequestListener() {
            @Override
            public void requestDone(McpRequestRecord request) {
                for (McpRequestListener l : copy) {
                    try {
                        l.requestDone(request);
                    } catch (RuntimeException e) {
                        log.warn("A request listener failed: {}", e.toString());
                    }
                }
            }

            @Override
            public void refused(String httpMethod, int status, String subject) {
                for (McpRequestListener l : copy) {
                    try {
                        l.refused(httpMethod, status, subject);
                    } catch (RuntimeException e) {
                        log.warn("A request listener failed: {}", e.toString());
                    }
                }
            }
        };
    }
}
