package io.toolgate.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.toolgate.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The gateway's MCP client for one upstream, written on its own {@link McpTransport} rather than the MCP Java SDK
 * client because the gateway needs per-request headers, one session per credential set reused across calls,
 * transparent re-initialisation after the upstream forgot a session, a hard timeout that also bounds streamed bodies,
 * and results kept as raw JSON. Sessions and the protocol era are negotiated by {@link SessionHandshake}; the
 * transport only carries messages.
 */
public final class UpstreamClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(UpstreamClient.class);
    private static final int MAX_PAGES = 1000;

    private final String domain;
    private final McpTransport transport;
    private final RoutingHeaders routing = new RoutingHeaders();
    private final InputRounds inputs;
    private final UpstreamChannel channel;
    private final UpstreamSessions sessions;
    private final EventStream eventStream;

    /**
     * @param timeoutMillis how long the caller may take to answer each of the upstream's questions
     * @param maxSessions   the sessions kept, one per distinct header set; the least recently used one is ended
     * @param relay         runs the answers to requests the upstream sends while a call runs (they may wait for the caller)
     * @param events        receives the upstream's list-changed and resource-updated notifications, from any stream
     */
    UpstreamClient(String domain, McpTransport transport, long timeoutMillis, int maxSessions, String clientVersion,
                   Executor relay, Consumer<JsonNode> events) {
        this.domain = domain;
        this.transport = transport;
        this.inputs = new InputRounds(relay, timeoutMillis);
        this.channel = new UpstreamChannel(domain, transport, routing, inputs, clientVersion, relay, events);
        this.sessions = new UpstreamSessions(domain, transport, channel,
                new SessionHandshake(domain, channel, clientVersion, transport.singleConnection()), maxSessions);
        this.eventStream = new EventStream(domain, transport, sessions, channel);
    }

    /**
     * A client over MCP's Streamable HTTP transport at {@code url}, each request (and its streamed answer) bounded by
     * {@code timeoutMillis} and each answer by {@code maxResponseBytes}.
     */
    public static UpstreamClient streamableHttp(String domain, URI url, HttpClient http, long timeoutMillis,
                                                long maxResponseBytes, int maxSessions, String clientVersion,
                                                Executor relay, Consumer<JsonNode> events) {
        return new UpstreamClient(domain, new StreamableHttpTransport(domain, url, http, timeoutMillis, maxResponseBytes),
                timeoutMillis, maxSessions, clientVersion, relay, events);
    }

    /**
     * A client over MCP's legacy HTTP+SSE transport whose event stream is at {@code url}, sending the static
     * {@code headers} with every request; each request is bounded by {@code timeoutMillis} and each event by
     * {@code maxResponseBytes}.
     */
    public static UpstreamClient legacySse(String domain, URI url, HttpClient http, Map<String, String> headers,
                                           long timeoutMillis, long maxResponseBytes, String clientVersion,
                                           Executor relay, Consumer<JsonNode> events) {
        return new UpstreamClient(domain, new LegacySseTransport(domain, url, http, headers, timeoutMillis,
                maxResponseBytes), timeoutMillis, 1, clientVersion, relay, events);
    }

    /**
     * A client of the stdio upstream that {@code command} starts, each request bounded by {@code timeoutMillis} and each
     * message by {@code maxResponseBytes}; the relay also runs the checks of a process that stopped answering.
     */
    public static UpstreamClient stdio(String domain, StdioCommand command, long timeoutMillis, long maxResponseBytes,
                                       String clientVersion, Executor relay, Consumer<JsonNode> events) {
        return new UpstreamClient(domain, new StdioTransport(domain, command, timeoutMillis, maxResponseBytes, relay),
                timeoutMillis, 1, clientVersion, relay, events);
    }

    /**
     * All tools of the upstream, following {@code nextCursor} and stopping if a cursor repeats. A tool whose
     * {@code x-mcp-header} declarations are invalid is left out (and logged); the others' are remembered, so their
     * calls carry the {@code Mcp-Param-*} headers.
     */
    public List<JsonNode> listTools(Map<String, String> headers) {
        List<JsonNode> usable = new ArrayList<>();
        Map<String, Map<String, String>> mirrored = new ConcurrentHashMap<>();
        for (JsonNode tool : listAll("tools/list", "tools", headers)) {
            try {
                Map<String, String> declared = ParamHeaders.declared(tool);
                if (!declared.isEmpty()) {
                    mirrored.put(tool.path("name").asText(), declared);
                }
                usable.add(tool);
            } catch (IllegalArgumentException e) {
                LOG.warn("Upstream '{}' tool '{}' left out: {}", domain, tool.path("name").asText(), e.getMessage());
            }
        }
        routing.remember(mirrored);
        return usable;
    }

    /**
     * Every item of a paginated list ({@code tools/list}, {@code prompts/list}, {@code resources/list}, …), following
     * {@code nextCursor} and stopping if a cursor repeats.
     */
    public List<JsonNode> listAll(String method, String key, Map<String, String> headers) {
        List<JsonNode> items = new ArrayList<>();
        Set<String> cursors = new HashSet<>();
        String cursor = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            ObjectNode params = Json.object();
            if (cursor != null) {
                params.put("cursor", cursor);
            }
            JsonNode result = request(method, params, headers);
            result.path(key).forEach(items::add);
            JsonNode next = result.get("nextCursor");
            if (next == null || !next.isTextual() || next.textValue().isEmpty() || !cursors.add(next.textValue())) {
                return items;
            }
            cursor = next.textValue();
        }
        LOG.warn("Upstream '{}' returned more than {} pages of {}; stopped listing", domain, MAX_PAGES, method);
        return items;
    }

    /** Calls a tool and returns the upstream's {@code CallToolResult} as it came. */
    public JsonNode callTool(String name, JsonNode arguments, JsonNode meta, Map<String, String> headers,
                             UpstreamListener listener) {
        ObjectNode params = Json.object();
        params.put("name", name);
        params.set("arguments", arguments == null ? Json.object() : arguments);
        if (meta != null && meta.isObject()) {
            params.set("_meta", meta);
        }
        return request("tools/call", params, headers, listener);
    }

    /** The capabilities the upstream declared in its {@code initialize} answer (initialising first if needed). */
    public JsonNode capabilities(Map<String, String> headers) {
        return sessions.ready(sessionHeaders(headers)).capabilities();
    }

    /** {@link #request(String, JsonNode, Map, UpstreamListener)} for a caller that takes nothing but the answer. */
    public JsonNode request(String method, JsonNode params, Map<String, String> headers) {
        return request(method, params, headers, null);
    }

    /**
     * Sends a request in the session for this header set, initialising (or re-initialising after 404) as needed.
     * What the upstream sends on the request's stream before answering goes to {@code listener} (may be null).
     * A stateless upstream that answers with an {@code InputRequiredResult} (multi-round requests) gets the questions
     * answered by the listener, and the request is sent again with the answers and the upstream's
     * {@code requestState}, up to {@value InputRounds#MAX_INPUT_ROUNDS} times.
     */
    public JsonNode request(String method, JsonNode params, Map<String, String> callerHeaders, UpstreamListener listener) {
        Map<String, String> headers = sessionHeaders(callerHeaders);
        UpstreamSession session = sessions.ready(headers);
        JsonNode capabilities = listener == null ? Json.object() : listener.clientCapabilities();
        JsonNode result = UpstreamChannel.resultOf(
                sessions.request(session, headers, method, params, capabilities, listener), method);
        return inputs.complete(result, params, listener, retry -> UpstreamChannel.resultOf(
                channel.send(channel.rpc(method, retry, session, capabilities), session, headers, listener), method));
    }

    /** True while {@link #listen} holds the upstream's event stream open. */
    public boolean listening() {
        return eventStream.listening();
    }

    /**
     * Holds the upstream's standalone event stream open on the calling thread, for what it sends outside any request:
     * list changes and resource updates, and requests (sampling, elicitation, roots) that upstreams send there rather
     * than on the stream of the call they serve, which go to the caller of the only call in flight in that session
     * (refused when there are several). Reconnects with back-off until {@link #close()}. Returns at once when the
     * upstream answers 405 (it offers no stream), and for a stateless upstream that declares no capability that
     * notifies (its stream is {@code subscriptions/listen}).
     */
    public void listen(Map<String, String> headers) {
        eventStream.listen(sessionHeaders(headers));
    }

    /** The headers that choose the session: none on a transport that has one connection for every caller. */
    private Map<String, String> sessionHeaders(Map<String, String> headers) {
        return transport.singleConnection() ? Map.of() : headers;
    }

    /** Ends every open session and the event stream. */
    @Override
    public void close() {
        eventStream.close();
        sessions.close();
        transport.close();
    }
}
