package io.toolgate.mcp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.toolgate.json.Json;
import io.toolgate.registry.ToolEntry;
import io.toolgate.registry.ToolRegistry;

import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.function.Consumer;

/**
 * Sends {@code notifications/tools/list_changed} to every client with an event stream when a registry swap changes the
 * upstream tools ({@code tools/list} lists them with exposure {@code direct} or {@code auto}; with {@code meta} it
 * never changes, and nothing is sent).
 */
public final class ToolListChanges implements Consumer<ToolRegistry.Swap> {

    private final ClientSessions sessions;
    private final ObjectNode notification = Json.object();

    public ToolListChanges(ClientSessions sessions) {
        this.sessions = sessions;
        notification.put("jsonrpc", "2.0");
        notification.put("method", "notifications/tools/list_changed");
    }

    @Override
    public void accept(ToolRegistry.Swap swap) {
        if (!same(swap.before().tools(), swap.after().tools())) {
            sessions.broadcast(notification, s -> true);
        }
    }

    private static boolean same(NavigableMap<String, ToolEntry> a, NavigableMap<String, ToolEntry> b) {
        if (a.size() != b.size()) {
            return false;
        }
        Iterator<Map.Entry<String, ToolEntry>> i = b.entrySet().iterator();
        for (Map.Entry<String, ToolEntry> e : a.entrySet()) {
            Map.Entry<String, ToolEntry> other = i.next();
            if (!e.getKey().equals(other.getKey())
                    || !e.getValue().tool().descriptor().equals(other.getValue().tool().descriptor())) {
                return false;
            }
        }
        return true;
    }
}
