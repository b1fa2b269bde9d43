package io.toolgate.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.toolgate.json.Json;
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
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * A small MCP Streamable HTTP client for one upstream, written on {@code java.net.http} rather than the MCP Java SDK
 * client because the gateway needs per-request headers, one session per credential set reused across calls, transparent
 * re-initialisation after HTTP 404, a hard timeout that also bounds streamed bodies, and results kept as raw JSON.
 * <p>
 * Both protocol eras: a session is opened with {@code server/discover} first; an upstream that answers it with a
 * version this client speaks statelessly ({@value #STATELESS_VERSION}) is used without {@code initialize} or a session
 * id, every request carrying the version and capabilities in {@code _meta} and the {@code Mcp-Method}/{@code Mcp-Name}
 * headers; any other answer means a sessions-era upstream, and {@code initialize} follows (once per client: the probe
 * is not repeated after an upstream refused it).
 * Requests use the blocking {@code send}: its asynchronous variant completes on the common pool, which on a
 * two-core machine means a new thread per call.
 */
public final class McpHttpClient implements AutoCloseable {

    public static final String PROTOCOL_VERSION = "2025-11-25";
    /** The protocol version spoken to upstreams that answer {@code server/discover}. */
    public static final String STATELESS_VERSION = "2026-07-28";
    private static final String META_VERSION = "io.modelcontextprotocol/protocolVersion";
    private static final String META_CAPABILITIES = "io.modelcontextprotocol/clientCapabilities";
    private static final String META_CLIENT_INFO = "io.modelcontextprotocol/clientInfo";
    private static final Map<String, String> NAME_FIELD = Map.of("tools/call", "name", "prompts/get", "name",
            "resources/read", "uri", "tasks/get", "taskId", "tasks/update", "taskId", "tasks/cancel", "taskId");
    private static final Logger LOG = LoggerFactory.getLogger(McpHttpClient.class);
    /**
     * Messages sent again, once, when the connection closed before any response (typically a pooled keep-alive
     * connection the upstream had just closed). They change nothing upstream; a {@code tools/call} is never resent.
     */
    private static final Set<String> SAFE_TO_RESEND = Set.of("initialize", "notifications/initialized", "tools/list",
            "ping", "server/discover");
    private static final Set<String> RESTRICTED = Set.of("host", "connection", "content-length", "expect", "upgrade",
            "content-type", "accept", "mcp-session-id", "mcp-protocol-version", "transfer-encoding", "te", "keep-alive");
    private static final int MAX_PAGES = 1000;
    private static final int MAX_INPUT_ROUNDS = 10;
    private static final int MAX_RESUMES = 5;
    /** How long to wait before resuming a response stream whose upstream named no {@code retry}. */
    private static final long DEFAULT_RETRY_MILLIS = 1_000;
    private static final int UNSUPPORTED_PROTOCOL_VERSION = -32022;
    private static final String INPUT_REQUIRED = "input_required";
    /** Notifications about the upstream as a whole, wherever they arrive. */
    public static final Set<String> EVENTS = Set.of("notifications/tools/list_changed",
            "notifications/prompts/list_changed", "notifications/resources/list_changed", "notifications/resources/updated");

    private final String domain;
    private final URI url;
    private final HttpClient http;
    private final long timeoutMillis;
    private final long maxResponseBytes;
    private final int maxSessions;
    private final String clientVersion;
    private final Executor relay;
    private final Consumer<JsonNode> events;
    private final AtomicLong ids = new AtomicLong();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile ReplyReader eventReader;
    private volatile boolean listening;
    private volatile boolean sessionsEra;
    /** Per tool, the arguments mirrored into {@code Mcp-Param-*} headers and their header names. */
    private volatile Map<String, Map<String, String>> paramHeaders = Map.of();

    /**
     * @param relay  runs the answers to requests the upstream sends while a call runs (they may wait for the caller)
     * @param events receives the upstream's list-changed and resource-updated notifications, from any stream
     */
    public McpHttpClient(String domain, URI url, HttpClient http, long timeoutMillis, long maxResponseBytes,
                         int maxSessions, String clientVersion, Executor relay, Consumer<JsonNode> events) {
        this.domain = domain;
        this.url = url;
        this.http = http;
        this.timeoutMillis = timeoutMillis;
        this.maxResponseBytes = maxResponseBytes;
        this.maxSessions = maxSessions;
        this.clientVersion = clientVersion;
        this.relay = relay;
        this.events = events;
    }

    private static final class Session {
        volatile boolean stateless;
        volatile String id;
        volatile String protocolVersion;
        volatile JsonNode capabilities = Json.object();
        volatile boolean ready;
        volatile long lastUsed;
        /** The callers of the requests in flight in this session. */
        final Set<UpstreamListener> callers = ConcurrentHashMap.newKeySet();

        /**
         * The caller a request on the standalone event stream belongs to: the only request in flight, or null when
         * there are none or several (the upstream did not say which it relates to).
         */
        UpstreamListener soleCaller() {
            Iterator<UpstreamListener> it = callers.iterator();
            UpstreamListener first = it.hasNext() ? it.next() : null;
            return it.hasNext() ? null : first;
        }
    }

    /**
     * One request in flight, cancellable from another thread: before the response headers arrive the calling thread is
     * interrupted (the HTTP client then abandons the exchange), afterwards the body reader is aborted.
     */
    private final class Call implements Runnable {
        private final Thread caller = Thread.currentThread();
        private final long upstreamId;
        private final Session session;
        private final Map<String, String> headers;
        private ReplyReader reader;
        private boolean done;
        private boolean cancelled;

        Call(long upstreamId, Session session, Map<String, String> headers) {
            this.upstreamId = upstreamId;
            this.session = session;
            this.headers = headers;
        }

        @Override
        public void run() {
            ReplyReader r;
            synchronized (this) {
                if (done || cancelled) {
                    return;
                }
                cancelled = true;
                r = reader;
                if (r == null) {
                    caller.interrupt();
                }
            }
            if (r != null) {
                r.abort(new CancellationException("cancelled by the caller"));
            }
            if (session.stateless) {
                return;
            }
            ObjectNode note = notification("notifications/cancelled");
            note.putObject("params").put("requestId", upstreamId).put("reason", "cancelled by the gateway's caller");
            relay.execute(() -> {
                try {
                    post(note, session, headers, null, null);
                } catch (RuntimeException e) {
                    LOG.debug("Upstream '{}' did not take notifications/cancelled: {}", domain, e.getMessage());
                }
            });
        }

        synchronized boolean reading(ReplyReader r) {
            reader = r;
            return !cancelled;
        }

        /** Ends the call; clears an interrupt a late cancel may have left on the calling thread. */
        void finish() {
            synchronized (this) {
                done = true;
            }
            if (cancelled) {
                Thread.interrupted();
            }
        }

        synchronized boolean cancelled() {
            return cancelled;
        }
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
        paramHeaders = mirrored;
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
        Session session = session(headers);
        ensureInitialized(session, headers);
        return session.capabilities;
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
     * {@code requestState}, up to {@value #MAX_INPUT_ROUNDS} times.
     */
    public JsonNode request(String method, JsonNode params, Map<String, String> headers, UpstreamListener listener) {
        Session session = session(headers);
        ensureInitialized(session, headers);
        JsonNode capabilities = listener == null ? Json.object() : listener.clientCapabilities();
        Reply reply = send(rpc(method, params, session, capabilities), session, headers, listener);
        if (reply.status == 404 && session.id != null) {
            LOG.info("Upstream '{}' session expired; re-initialising", domain);
            synchronized (session) {
                session.ready = false;
                session.id = null;
            }
            ensureInitialized(session, headers);
            reply = send(rpc(method, params, session, capabilities), session, headers, listener);
        }
        JsonNode result = resultOf(reply, method);
        for (int round = 0; listener != null && INPUT_REQUIRED.equals(result.path("resultType").asText()); round++) {
            if (round == MAX_INPUT_ROUNDS) {
                throw new UpstreamException("upstream asked for input more than " + MAX_INPUT_ROUNDS + " times");
            }
            ObjectNode retry = params != null && params.isObject() ? ((ObjectNode) params).deepCopy() : Json.object();
            retry.set("inputResponses", answers(result.path("inputRequests"), listener));
            if (result.hasNonNull("requestState")) {
                retry.set("requestState", result.get("requestState"));
            }
            result = resultOf(send(rpc(method, retry, session, capabilities), session, headers, listener), method);
        }
        return result;
    }

    /**
     * The listener's answers to an {@code InputRequiredResult}'s questions, asked all at once (a stateless caller
     * then gets them in one round).
     */
    private ObjectNode answers(JsonNode inputRequests, UpstreamListener listener) {
        Map<String, CompletableFuture<JsonNode>> pending = new LinkedHashMap<>();
        inputRequests.fields().forEachRemaining(q -> {
            ObjectNode request = Json.object().put("jsonrpc", "2.0").put("id", q.getKey());
            request.put("method", q.getValue().path("method").asText());
            request.set("params", q.getValue().path("params").isObject() ? q.getValue().get("params") : Json.object());
            pending.put(q.getKey(), CompletableFuture.supplyAsync(() -> listener.request(request), relay));
        });
        ObjectNode answers = Json.object();
        for (Map.Entry<String, CompletableFuture<JsonNode>> a : pending.entrySet()) {
            JsonNode response;
            try {
                response = a.getValue().get(timeoutMillis, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UpstreamException("interrupted");
            } catch (ExecutionException | TimeoutException e) {
                throw new UpstreamException("no answer to the upstream's input request '" + a.getKey() + "'");
            }
            if (response.has("error")) {
                throw new UpstreamException(response.path("error").path("code").asInt(-32603),
                        "the upstream's input request '" + a.getKey() + "' was not answered: "
                                + response.path("error").path("message").asText());
            }
            answers.set(a.getKey(), response.path("result"));
        }
        return answers;
    }

    private Reply send(ObjectNode message, Session session, Map<String, String> headers, UpstreamListener listener) {
        if (listener == null) {
            return post(message, session, headers, null, null);
        }
        Call call = new Call(message.get("id").asLong(), session, headers);
        listener.started(call);
        session.callers.add(listener);
        try {
            return post(message, session, headers, listener, call);
        } finally {
            session.callers.remove(listener);
            call.finish();
        }
    }

    private Session session(Map<String, String> headers) {
        String key = fingerprint(headers);
        Session session = sessions.computeIfAbsent(key, k -> new Session());
        session.lastUsed = System.nanoTime();
        if (sessions.size() > maxSessions) {
            endLeastRecentlyUsed(key);
        }
        return session;
    }

    private void ensureInitialized(Session session, Map<String, String> headers) {
        if (session.ready) {
            return;
        }
        synchronized (session) {
            if (session.ready) {
                return;
            }
            if (!sessionsEra && discovered(session, headers)) {
                return;
            }
            ObjectNode params = Json.object();
            params.put("protocolVersion", PROTOCOL_VERSION);
            ObjectNode capabilities = params.putObject("capabilities");
            capabilities.putObject("sampling");
            capabilities.putObject("elicitation");
            capabilities.putObject("roots");
            params.putObject("clientInfo").put("name", "toolgate").put("version", clientVersion);
            Session fresh = new Session();
            Reply reply = post(rpc("initialize", params, fresh), fresh, headers, null, null);
            JsonNode result = resultOf(reply, "initialize");
            session.id = reply.sessionId;
            session.protocolVersion = result.path("protocolVersion").asText(PROTOCOL_VERSION);
            session.capabilities = result.path("capabilities").isObject() ? result.get("capabilities") : Json.object();
            Reply ack = post(notification("notifications/initialized"), session, headers, null, null);
            if (ack.status >= 300) {
                throw UpstreamException.httpStatus("upstream rejected notifications/initialized with HTTP " + ack.status, ack.status);
            }
            session.ready = true;
        }
    }

    /**
     * Asks {@code server/discover} on a fresh session; true when the upstream serves {@value #STATELESS_VERSION}, and
     * the session is then ready, stateless. An upstream that cannot be reached fails here; any other answer marks it
     * as a sessions-era upstream.
     */
    private boolean discovered(Session session, Map<String, String> headers) {
        Session probe = new Session();
        probe.stateless = true;
        probe.protocolVersion = STATELESS_VERSION;
        JsonNode result = null;
        for (int attempt = 0; result == null; attempt++) {
            try {
                result = resultOf(post(rpc("server/discover", Json.object(), probe), probe, headers, null, null),
                        "server/discover");
            } catch (UpstreamException e) {
                if (e.isTransient() && e.rpcCode() == null) {
                    throw e;
                }
                if (attempt == 0 && offersStateless(e)) {
                    LOG.debug("Upstream '{}' refused server/discover once but supports {}; asking again", domain,
                            STATELESS_VERSION);
                    continue;
                }
                LOG.debug("Upstream '{}' does not answer server/discover ({}); using sessions", domain, e.getMessage());
                sessionsEra = true;
                return false;
            }
        }
        boolean served = false;
        for (JsonNode v : result.path("supportedVersions")) {
            served |= STATELESS_VERSION.equals(v.asText());
        }
        if (!served) {
            LOG.info("Upstream '{}' answers server/discover without protocol {}; using sessions", domain, STATELESS_VERSION);
            sessionsEra = true;
            return false;
        }
        session.stateless = true;
        session.protocolVersion = STATELESS_VERSION;
        session.capabilities = result.path("capabilities").isObject() ? result.get("capabilities") : Json.object();
        session.ready = true;
        LOG.info("Upstream '{}' speaks protocol {} statelessly", domain, STATELESS_VERSION);
        return true;
    }

    /** True for an "unsupported protocol version" error (-32022) that names {@value #STATELESS_VERSION} as supported. */
    private static boolean offersStateless(UpstreamException e) {
        if (e.rpcCode() == null || e.rpcCode() != UNSUPPORTED_PROTOCOL_VERSION || e.rpcData() == null) {
            return false;
        }
        for (JsonNode v : e.rpcData().path("supported")) {
            if (STATELESS_VERSION.equals(v.asText())) {
                return true;
            }
        }
        return false;
    }

    /** {@link #rpc(String, JsonNode, Session, JsonNode)} for a request no caller answers questions for. */
    private ObjectNode rpc(String method, JsonNode params, Session session) {
        return rpc(method, params, session, Json.object());
    }

    /**
     * A request; in a stateless session its {@code _meta} carries the protocol version, the capabilities of the
     * caller the gateway can relay the upstream's questions to, and the client's name.
     */
    private ObjectNode rpc(String method, JsonNode params, Session session, JsonNode capabilities) {
        ObjectNode msg = Json.object();
        msg.put("jsonrpc", "2.0");
        msg.put("id", ids.incrementAndGet());
        msg.put("method", method);
        if (session.stateless) {
            ObjectNode stamped = params != null && params.isObject() ? ((ObjectNode) params).deepCopy() : Json.object();
            ObjectNode meta = stamped.path("_meta").isObject() ? (ObjectNode) stamped.get("_meta") : stamped.putObject("_meta");
            meta.put(META_VERSION, STATELESS_VERSION);
            meta.set(META_CAPABILITIES, capabilities);
            meta.putObject(META_CLIENT_INFO).put("name", "toolgate").put("version", clientVersion);
            msg.set("params", stamped);
        } else {
            msg.set("params", params);
        }
        return msg;
    }

    private static ObjectNode notification(String method) {
        ObjectNode msg = Json.object();
        msg.put("jsonrpc", "2.0");
        msg.put("method", method);
        return msg;
    }

    private record Reply(int status, String sessionId, JsonNode message) {
    }

    /**
     * Posts one message. For a request, waits for its response (from a JSON body or the event stream) until the
     * timeout; messages the upstream sends on the stream before it go to {@link #onMessage}.
     */
    private Reply post(ObjectNode message, Session session, Map<String, String> headers, UpstreamListener listener,
                       Call call) {
        HttpRequest.Builder b = inSession(session, headers);
        String method = message.path("method").asText(null);
        if (session.stateless && method != null) {
            b.header("Mcp-Method", method);
            String nameField = NAME_FIELD.get(method);
            JsonNode name = nameField == null ? null : message.path("params").get(nameField);
            if (name != null && name.isTextual()) {
                b.header("Mcp-Name", name.textValue());
            }
        }
        if ("tools/call".equals(method)) {
            mirror(message.path("params"), b);
        }
        b.timeout(Duration.ofMillis(timeoutMillis))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(message)));
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
            throw interrupted(call);
        } catch (IOException e) {
            if (call != null && call.cancelled()) {
                throw interrupted(call);
            }
            throw transportError(e);
        }
        String sessionId = response.headers().firstValue("Mcp-Session-Id").orElse(session.id);
        String contentType = response.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
        boolean eventStream = contentType.startsWith("text/event-stream");
        boolean expectsReply = message.has("method") && message.has("id") && (response.statusCode() < 300
                && response.statusCode() != 202 || response.statusCode() == 400 && contentType.startsWith("application/json"));
        ReplyReader reader = new ReplyReader(eventStream, expectsReply ? message.get("id").asLong() : 0, maxResponseBytes,
                m -> onMessage(m, session, headers, listener));
        response.body().subscribe(reader);
        if (!expectsReply) {
            reader.cancel();
            return new Reply(response.statusCode(), sessionId, null);
        }
        if (call != null && !call.reading(reader)) {
            reader.cancel();
            throw interrupted(call);
        }
        try {
            return new Reply(response.statusCode(), sessionId, awaitReply(reader, deadline, call));
        } catch (UpstreamException e) {
            if (session.stateless || !reader.resumable()) {
                throw e;
            }
            return new Reply(response.statusCode(), sessionId, resume(reader, session, headers, listener, call, deadline));
        }
    }

    /** The response the reader waits for, by the deadline. */
    private JsonNode awaitReply(ReplyReader reader, long deadline, Call call) {
        try {
            return reader.reply().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            reader.cancel();
            throw UpstreamException.transport("timed out after " + timeoutMillis + " ms", e);
        } catch (InterruptedException e) {
            reader.cancel();
            throw interrupted(call);
        } catch (CancellationException e) {
            throw interrupted(call);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? transportError(io)
                    : new UpstreamException("unreadable response: " + e.getCause().getMessage());
        }
    }

    /**
     * Resumes a response stream the upstream closed before the response (SEP-1699): after the {@code retry} delay it
     * asked for, a GET with {@code Last-Event-ID} continues the stream, up to {@value #MAX_RESUMES} times, all within
     * the request's deadline.
     */
    private JsonNode resume(ReplyReader ended, Session session, Map<String, String> headers, UpstreamListener listener,
                            Call call, long deadline) {
        ReplyReader last = ended;
        for (int attempt = 0; attempt < MAX_RESUMES; attempt++) {
            long wait = TimeUnit.MILLISECONDS.toNanos(last.retryMillis(DEFAULT_RETRY_MILLIS));
            if (System.nanoTime() + wait >= deadline) {
                break;
            }
            LockSupport.parkNanos(wait);
            if (Thread.interrupted()) {
                throw interrupted(call);
            }
            LOG.debug("Upstream '{}' closed a response stream early; resuming after event {}", domain, last.lastEventId());
            HttpResponse<Flow.Publisher<List<ByteBuffer>>> response;
            try {
                response = http.send(inSession(session, headers).GET().header("Accept", "text/event-stream")
                                .header("Last-Event-ID", last.lastEventId())
                                .timeout(Duration.ofNanos(Math.max(1, deadline - System.nanoTime()))).build(),
                        HttpResponse.BodyHandlers.ofPublisher());
            } catch (InterruptedException e) {
                throw interrupted(call);
            } catch (IOException e) {
                throw transportError(e);
            }
            if (response.statusCode() != 200) {
                throw UpstreamException.httpStatus("resuming the response stream answered HTTP " + response.statusCode(),
                        response.statusCode());
            }
            ReplyReader reader = new ReplyReader(true, ended.requestId(), maxResponseBytes,
                    m -> onMessage(m, session, headers, listener)).after(last);
            response.body().subscribe(reader);
            if (call != null && !call.reading(reader)) {
                reader.cancel();
                throw interrupted(call);
            }
            try {
                return awaitReply(reader, deadline, call);
            } catch (UpstreamException e) {
                if (!reader.resumable()) {
                    throw e;
                }
                last = reader;
            }
        }
        throw UpstreamException.transport("the response stream ended before the response and could not be resumed", null);
    }

    /** Adds the {@code Mcp-Param-*} headers of the arguments the called tool declared with {@code x-mcp-header}. */
    private void mirror(JsonNode params, HttpRequest.Builder b) {
        Map<String, String> declared = paramHeaders.get(params.path("name").asText());
        if (declared == null) {
            return;
        }
        declared.forEach((argument, header) -> {
            String value = ParamHeaders.encode(params.path("arguments").get(argument));
            if (value != null) {
                b.header("Mcp-Param-" + header, value);
            }
        });
    }

    /** A request to the upstream carrying the session's id and protocol version and the caller's passed headers. */
    private HttpRequest.Builder inSession(Session session, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(url);
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
        return b;
    }

    private static UpstreamException interrupted(Call call) {
        if (call != null && call.cancelled()) {
            return UpstreamException.cancelled();
        }
        Thread.currentThread().interrupt();
        return new UpstreamException("interrupted");
    }

    /** Notifications about the upstream itself go to {@code events}; the rest belongs to the request being answered. */
    private void onMessage(JsonNode message, Session session, Map<String, String> headers, UpstreamListener listener) {
        String method = message.path("method").asText();
        if (message.has("id")) {
            relay.execute(() -> answer(message, session, headers, listener));
        } else if (EVENTS.contains(method)) {
            events.accept(message);
        } else if (listener != null) {
            listener.notification(message);
        }
    }

    /** Answers a request the upstream sent: ping itself, the rest through the caller, else "method not found". */
    private void answer(JsonNode request, Session session, Map<String, String> headers, UpstreamListener listener) {
        ObjectNode response;
        if ("ping".equals(request.path("method").asText())) {
            response = Json.object();
            response.putObject("result");
        } else if (listener != null) {
            response = listener.request(request).deepCopy();
        } else {
            response = Json.object();
            response.putObject("error").put("code", -32601)
                    .put("message", "No client to relay " + request.path("method").asText() + " to");
        }
        response.put("jsonrpc", "2.0");
        response.set("id", request.get("id"));
        try {
            post(response, session, headers, null, null);
        } catch (RuntimeException e) {
            LOG.warn("Upstream '{}' did not take the answer to {}: {}", domain, request.path("method").asText(), e.getMessage());
        }
    }

    /** True while {@link #listen} holds the upstream's event stream open. */
    public boolean listening() {
        return listening;
    }

    /**
     * Holds the upstream's standalone event stream (HTTP GET) open on the calling thread, for what it sends outside
     * any request: list changes and resource updates, and requests (sampling, elicitation, roots) that upstreams send
     * there rather than on the stream of the call they serve, which go to the caller of the only call in flight in
     * that session (refused when there are several). Reconnects with back-off until {@link #close()}. Returns at once
     * when the upstream answers 405 (it offers no stream), and for a stateless upstream that declares no capability
     * that notifies (its stream is {@code subscriptions/listen}).
     */
    public void listen(Map<String, String> headers) {
        long backoff = 1_000;
        while (closed.getCount() > 0) {
            try {
                Session session = session(headers);
                ensureInitialized(session, headers);
                if (session.stateless && !notifies(session.capabilities)) {
                    return;
                }
                HttpResponse<Flow.Publisher<List<ByteBuffer>>> response = http.send(
                        session.stateless ? subscription(session, headers)
                                : inSession(session, headers).GET().header("Accept", "text/event-stream").build(),
                        HttpResponse.BodyHandlers.ofPublisher());
                if (response.statusCode() == 405) {
                    LOG.debug("Upstream '{}' offers no event stream", domain);
                    return;
                }
                if (response.statusCode() == 404) {
                    synchronized (session) {
                        session.ready = false;
                        session.id = null;
                    }
                }
                if (response.statusCode() == 200) {
                    backoff = 1_000;
                    listening = true;
                    try {
                        readEvents(response.body(), session, headers);
                    } finally {
                        listening = false;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (IOException | ExecutionException | RuntimeException e) {
                LOG.debug("Upstream '{}' event stream ended: {}", domain, e.toString());
            }
            try {
                if (closed.await(backoff, TimeUnit.MILLISECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            backoff = Math.min(backoff * 2, 30_000);
        }
    }

    /** A stateless upstream's {@code subscriptions/listen} for every list change and resource update it offers. */
    private HttpRequest subscription(Session session, Map<String, String> headers) {
        ObjectNode params = Json.object();
        ObjectNode wanted = params.putObject("notifications");
        JsonNode caps = session.capabilities;
        wanted.put("toolsListChanged", caps.path("tools").path("listChanged").asBoolean(false));
        wanted.put("promptsListChanged", caps.path("prompts").path("listChanged").asBoolean(false));
        wanted.put("resourcesListChanged", caps.path("resources").path("listChanged").asBoolean(false));
        return inSession(session, headers).header("Mcp-Method", "subscriptions/listen")
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(rpc("subscriptions/listen", params, session))))
                .build();
    }

    private static boolean notifies(JsonNode capabilities) {
        return capabilities.path("tools").path("listChanged").asBoolean(false)
                || capabilities.path("prompts").path("listChanged").asBoolean(false)
                || capabilities.path("resources").path("listChanged").asBoolean(false)
                || capabilities.path("resources").path("subscribe").asBoolean(false);
    }

    /**
     * Reads the event stream until it ends or {@link #close()} aborts it: a reader that waits for no response passes
     * every message on.
     */
    private void readEvents(Flow.Publisher<List<ByteBuffer>> body, Session session, Map<String, String> headers)
            throws InterruptedException, ExecutionException {
        ReplyReader reader = new ReplyReader(true, -1, maxResponseBytes,
                m -> onMessage(m, session, headers, m.has("id") ? session.soleCaller() : null));
        eventReader = reader;
        body.subscribe(reader);
        if (closed.getCount() == 0) {
            reader.abort(new CancellationException("closed"));
        }
        reader.reply().get();
    }

    private JsonNode resultOf(Reply reply, String method) {
        JsonNode error = reply.message == null ? null : reply.message.get("error");
        if (error != null && error.isObject() && reply.status >= 300) {
            throw UpstreamException.httpError(method + " answered HTTP " + reply.status + ": "
                    + error.path("message").asText("error"), reply.status, error.path("code").asInt(), error.get("data"));
        }
        if (error != null && error.isObject()) {
            throw UpstreamException.rpcError(error.path("code").asInt(), error.path("message").asText("error"),
                    error.get("data"));
        }
        if (reply.status >= 300 || reply.message == null) {
            throw UpstreamException.httpStatus(method + " answered HTTP " + reply.status, reply.status);
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

    /** Ends every open session and the event stream. */
    @Override
    public void close() {
        closed.countDown();
        ReplyReader events = eventReader;
        if (events != null) {
            events.abort(new CancellationException("closed"));
        }
        sessions.values().forEach(this::end);
        sessions.clear();
    }
}
