package io.toolgate.observability;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/** Told of every request {@code /mcp} answered, on the thread that handled it; must return quickly and not throw. */
@FunctionalInterface
public interface McpRequestListener {

    void requestDone(McpRequestRecord request);

    /** One listener telling each of {@code listeners} in turn; a listener that throws is logged and does not stop the others. */
    static McpRequestListener all(List<McpRequestListener> listeners) {
        List<McpRequestListener> copy = List.copyOf(listeners);
        Logger log = LoggerFactory.getLogger(McpRequestListener.class);
        return request -> {
            for (McpRequestListener l : copy) {
                try {
                    l.requestDone(request);
                } catch (RuntimeException e) {
                    log.warn("A request listener failed: {}", e.toString());
                }
            }
        };
    }
}
