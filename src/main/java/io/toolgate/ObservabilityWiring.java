package io.toolgate;

import io.toolgate.config.ObservabilitySettings;
import io.toolgate.observability.AccessLog;
import io.toolgate.observability.McpRequestListener;

import java.util.ArrayList;
import java.util.List;

/** Builds what watches the gateway's requests from {@link ObservabilitySettings}: the access log. */
final class ObservabilityWiring {

    private ObservabilityWiring() {
    }

    /** The listener {@code /mcp} tells of every answered request. */
    static McpRequestListener requestListener(ObservabilitySettings settings) {
        List<McpRequestListener> listeners = new ArrayList<>();
        if (settings.accessLog()) {
            listeners.add(new AccessLog());
        }
        return listeners.isEmpty() ? request -> { } : McpRequestListener.all(listeners);
    }
}
