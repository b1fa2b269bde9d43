package io.toolgate.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.toolgate.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small MCP Streamable HTTP client for one upstream, written on {@code java.net.http} rather than the MCP Java SDK
 * client because the gateway needs per-request headers, one session per credential set reused across calls, transparent
 * re-initialisation after HTTP 404, a hard timeout that also bounds streamed bodies, and results kept as raw JSON.
 * Requests use the blocking {@code send}: its asynchronous variant completes on the common pool, which on a
 * two-core machine means a new thread per call.
 */
public final class McpHttpClient implements AutoCloseable {

    public static final String PROTOCOL_VERSION = "2025-11-25";
    private static final Logger LOG = LoggerFactory.getLogger(McpHttpClient.class);
    /**
     * Messages sent again, once, when the connection closed before any response (typically a pooled keep-alive
     * connection the upstream had just closed). They change nothing upstream; a {@code tools/call} is never resent.
     */
    private static final Set<String> SAFE_TO_RESEND = Set.of("initialize", "notifications/initialized", "tools/list",
            "ping");
    private static final Set<String> RESTRICTED = Set.of("host", "connection", "content-length", "expect", "upgrade",
            "content-type", "accept", "mcp-session-id", "mcp-protocol-version", "transfer-encoding", "te", "keep-alive");
    private static final int MAX_PAGES = 1000;

    private final String domain;
    private final URI url;
    private final HttpClient http;
    private final long timeoutMillis;
    private final long maxResponseBytes;
    private final int maxSessions;
    private final String clientVersion;
    private final AtomicLong ids = new AtomicLong();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    public McpHttpClient(String domain, URI url, HttpClient http, long timeoutMillis, long maxResponseBytes,
                         int maxSessions, String clientVersion) {
        this.domain = domain;
        this.url = url;
        this.http = http;
        this.timeoutMillis = timeoutMillis;
        this.maxResponseBytes = maxResponseBytes;
        this.maxSessions = maxSessions;
        this.clientVersion = clientVersion;
    }

    private static final class Session {
        volatile String id;
        volatile String protocolVersion;
        volatile boolean ready;
        volatile long lastUsed;
    }

    /** All tools of the upstream, following {@code nextCursor} and stopping if a cursor repeats. */
    public List<JsonNode> listTools(Map<String, String> headers) {
        List<JsonNode> tools = new ArrayList<>();
        Set<String> cursors = new HashSet<>();
        String cursor = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            ObjectNode params = Json.object();
            if (cursor != null) {
                params.put("cursor", cursor);
            }
            JsonNode result = request("tools/list", params, headers);
            result.path("tools").forEach(tools::add);
            JsonNode next = result.get("nextCursor");
            if (next == null || !next.isTextual() || next.textValue().isEmpty() || !cursors.add(next.textValue())) {
                return tools;
            }
            cursor = next.textValue();
        }
        LOG.warn("Upstream '{}' returned more than {} pages of tools; stopped listing", domain, MAX_PAGES);
        return tools;
    }

    /** Calls a tool and returns the upstream's {@code CallToolResult} as it came. */
    public JsonNode callTool(String name, JsonNode arguments, JsonNode meta, Map<String, String> headers) {
        ObjectNode params = Json.object();
        params.put("name", name);
        params.set("arguments", arguments == null ? Json.object() : arguments);
        if (meta != null && meta.isObject()) {
            params.set("_meta", meta);
        }
        return request("tools/call", params, headers);
    }

    /** Sends a request in the session for this header set, initialising (or re-initialising after 404) as needed. */
    public JsonNode request(String method, JsonNode params, Map<String, String> headers) {
        String key = fingerprint(headers);
        Session session = sessions.computeIfAbsent(key, k -> new Session());
        session.lastUsed = System.nanoTime();
        if (sessions.size() > maxSessions) {
            endLeastRecentlyUsed(key);
        }
        ensureInitialized(session, headers);
        Reply reply = post(rpc(method, params), session, headers);
        if (reply.status == 404 && session.id != null) {
            LOG.info("Upstream '{}' session expired; re-initialising", domain);
            synchronized (session) {
                session.ready = false;
                session.id = null;
            }
            ensureInitialized(session, headers);
            reply = post(rpc(method, params), session, headers);
        }
        return resultOf(reply, method);
    }

    private void ensureInitialized(Session session, Map<String, String> headers) {
        if (session.ready) {
            return;
        }
        synchronized (session) {
            if (session.ready) {
                return;
            }
            ObjectNode params = Json.object();
            params.put("protocolVersion", PROTOCOL_VERSION);
            params.putObject("capabilities");
            params.putObject("clientInfo").put("name", "toolgate").put("version", clientVersion);
            Session fresh = new Session();
            Reply reply = post(rpc("initialize", params), fresh, headers);
            JsonNode result = resultOf(reply, "initialize");
            session.id = reply.sessionId;
            session.protocolVersion = result.path("protocolVersion").asText(PROTOCOL_VERSION);
            ObjectNode initialized = Json.object();
            initialized.put("jsonrpc", "2.0");
            initialized.put("method", "notifications/initialized");
            Reply ack = post(initialized, session, headers);
            if (ack.status >= 300) {
                throw UpstreamException.httpStatus("upstream rejected notifications/initialized with HTTP " + ack.status, ack.status);
            }
            session.ready = true;
        }
    }

    private ObjectNode rpc(String method, JsonNode params) {
        ObjectNode msg = Json.object();
        msg.put("jsonrpc", "2.0");
        msg.put("id", ids.incrementAndGet());
        msg.put("method", method);
        msg.set("params", params);
        return msg;
    }

    private record Reply(int status, String sessionId, JsonNode message) {
    }

    private Reply post(ObjectNode message, Session session, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(url)
                .timeout(Duration.ofMillis(timeoutMillis))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(message)));
        if (session.id != null) {
            b.header("Mcp-Session-Id", session.id);
        }
        if (session.protocolVersion != null) {
            b.header("MCP-Protocol-Version", session.protocolVersion);
        }
        headers.forEach((name, value) -> {
            if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
                b.header(name, value);
            }
        });
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        HttpRequest request = b.build();
        HttpResponse<Flow.Publisher<List<ByteBuffer>>> response;
        try {
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofPublisher());
            } catch (IOException e) {
                if (!SAFE_TO_RESEND.contains(message.path("method").asText()) || e instanceof HttpTimeoutException
                        || e instanceof ConnectException) {
                    throw e;
                }
                LOG.debug("Upstream '{}' closed the connection before answering {}; sending it once more",
                        domain, message.path("method").asText());
                response = http.send(request, HttpResponse.BodyHandlers.ofPublisher());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UpstreamException("interrupted");
        } catch (IOException e) {
            throw transportError(e);
        }
        String sessionId = response.headers().firstValue("Mcp-Session-Id").orElse(session.id);
        boolean expectsReply = message.has("id") && response.statusCode() < 300 && response.statusCode() != 202;
        boolean eventStream = response.headers().firstValue("Content-Type").orElse("")
                .toLowerCase(Locale.ROOT).startsWith("text/event-stream");
        ReplyReader reader = new ReplyReader(eventStream, expectsReply ? message.get("id").asLong() : 0, maxResponseBytes);
        response.body().subscribe(reader);
        if (!expectsReply) {
            reader.cancel();
            return new Reply(response.statusCode(), sessionId, null);
        }
        try {
            JsonNode reply = reader.reply().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return new Reply(response.statusCode(), sessionId, reply);
        } catch (TimeoutException e) {
            reader.cancel();
            throw UpstreamException.transport("timed out after " + timeoutMillis + " ms", e);
        } catch (InterruptedException e) {
            reader.cancel();
            Thread.currentThread().interrupt();
            throw new UpstreamException("interrupted");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? transportError(io)
                    : new UpstreamException("unreadable response: " + e.getCause().getMessage());
        }
    }

    private JsonNode resultOf(Reply reply, String method) {
        if (reply.status >= 300 || reply.message == null) {
            throw UpstreamException.httpStatus(method + " answered HTTP " + reply.status, reply.status);
        }
        JsonNode error = reply.message.get("error");
        if (error != null && error.isObject()) {
            throw new UpstreamException(error.path("code").asInt(), error.path("message").asText("error"));
        }
        JsonNode result = reply.message.get("result");
        if (result == null || !result.isObject()) {
            throw new UpstreamException(method + " answered without a result object");
        }
        return result;
    }

    private UpstreamException transportError(IOException cause) {
        if (cause instanceof HttpTimeoutException) {
            return UpstreamException.transport("timed out after " + timeoutMillis + " ms", cause);
        }
        if (cause instanceof ConnectException) {
            return UpstreamException.transport("connection refused", cause);
        }
        return UpstreamException.transport("transport error: " + cause.getClass().getSimpleName(), cause);
    }

    private static String fingerprint(Map<String, String> headers) {
        if (headers.isEmpty()) {
            return "";
        }
        Map<String, String> sorted = new TreeMap<>();
        headers.forEach((k, v) -> sorted.put(k.toLowerCase(Locale.ROOT), v));
        return Integer.toHexString(sorted.hashCode()) + ":" + sorted;
    }

    /** Keeps the session count bounded when callers' forwarded headers vary (one session per distinct set). */
    private void endLeastRecentlyUsed(String keep) {
        Map.Entry<String, Session> oldest = null;
        for (Map.Entry<String, Session> e : sessions.entrySet()) {
            if (!e.getKey().equals(keep) && (oldest == null || e.getValue().lastUsed < oldest.getValue().lastUsed)) {
                oldest = e;
            }
        }
        if (oldest != null && sessions.remove(oldest.getKey(), oldest.getValue())) {
            end(oldest.getValue());
        }
    }

    /** Ends a session with DELETE, best effort. */
    private void end(Session s) {
        if (s.id != null) {
            HttpRequest req = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(2))
                    .header("Mcp-Session-Id", s.id).DELETE().build();
            http.sendAsync(req, HttpResponse.BodyHandlers.discarding());
        }
    }

    /** Ends every open session. */
    @Override
    public void close() {
        sessions.values().forEach(this::end);
        sessions.clear();
    }
}
