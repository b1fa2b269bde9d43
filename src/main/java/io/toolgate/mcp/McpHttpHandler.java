package io.toolgate.mcp;

import io.toolgate.exchange.ExchangeProperties;
import io.toolgate.exchange.McpHeaders;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.toolgate.json.Json;
import io.toolgate.auth.AuthenticationException;
import io.toolgate.auth.JwtAuthenticator;
import io.toolgate.auth.ProtectedResource;
import io.toolgate.error.McpProtocolException;
import io.toolgate.hooks.GatewayUser;
import io.toolgate.upstream.UpstreamException;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The MCP Streamable HTTP entry at {@code /mcp}, registered on Camel's own platform-http Vert.x router. It guards the
 * transport (Origin, Content-Type, Accept, body size, protocol version, session), then hands each JSON-RPC request to
 * the {@code mcp-dispatch} route on a worker thread and writes what the route answers. Everything behind it is routes.
 */
public final class McpHttpHandler {

    public static final String PATH = "/mcp";
    private static final Logger LOG = LoggerFactory.getLogger(McpHttpHandler.class);
    private static final Set<String> LOOPBACK_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]", "::1");
    private static final String SESSION_HEADER = "Mcp-Session-Id";
    private static final String VERSION_HEADER = "MCP-Protocol-Version";
    private static final int DISPATCH_THREADS = 200;
    /** Methods a stateless client may be asked for input in (SEP-2322). */
    private static final Set<String> MULTI_ROUND = Set.of("tools/call", "prompts/get", "resources/read");

    private final ProducerTemplate template;
    private final Endpoint dispatch;
    private final McpSessions sessions;
    private final SuspendedRequests suspended;
    private final Tasks tasks;
    private final Function<String, JsonNode> toolDescriptor;
    /** Tasks run upstream tools that clients call by name, which meta exposure does not list. */
    private final boolean tasksOffered;
    private WorkerExecutor workers;
    private final List<String> allowedOrigins;
    private final long maxBodyBytes;
    private final JwtAuthenticator auth;
    private final ProtectedResource protectedResource;
    private final List<String> allowedHosts;
    private final long relayTimeoutMillis;
    private final Endpoint subscribeResource;
    private final ObjectNode capabilities;

    /**
     * @param toolDescriptor an upstream tool's descriptor by the name clients call it, or null
     * @param allowedHosts   {@code Host} values accepted (host, or host:port), empty for any; see {@link #hostAllowed}
     * @param auth           null when inbound JWT authentication is off, as is {@code protectedResource}
     * @param exposure       decides the capabilities a {@code subscriptions/listen} stream can honour
     */
    public McpHttpHandler(ProducerTemplate template, McpSessions sessions, SuspendedRequests suspended, Tasks tasks,
                          Function<String, JsonNode> toolDescriptor, List<String> allowedOrigins,
                          List<String> allowedHosts, long maxBodyBytes, JwtAuthenticator auth,
                          ProtectedResource protectedResource, long relayTimeoutMillis, Exposure exposure) {
        this.capabilities = McpProtocol.statelessCapabilities(exposure);
        this.tasksOffered = exposure != Exposure.META;
        this.subscribeResource = template.getCamelContext().getEndpoint("direct:mcp-resources-subscribe");
        this.template = template;
        this.allowedHosts = allowedHosts;
        this.relayTimeoutMillis = relayTimeoutMillis;
        this.auth = auth;
        this.protectedResource = protectedResource;
        this.dispatch = template.getCamelContext().getEndpoint("direct:mcp-dispatch");
        this.sessions = sessions;
        this.suspended = suspended;
        this.tasks = tasks;
        this.toolDescriptor = toolDescriptor;
        this.allowedOrigins = allowedOrigins;
        this.maxBodyBytes = maxBodyBytes;
    }

    /**
     * Serves {@code /mcp} on {@code router}. Requests are dispatched on a pool of {@value #DISPATCH_THREADS} threads
     * of their own: a request holds its thread while upstreams work, and while it waits for its client's input.
     */
    public void register(Router router, Vertx vertx) {
        workers = vertx.createSharedWorkerExecutor("toolgate-mcp", DISPATCH_THREADS, 10, TimeUnit.MINUTES);
        router.route(HttpMethod.POST, PATH)
                .handler(BodyHandler.create(false).setBodyLimit(maxBodyBytes))
                .handler(this::post)
                .failureHandler(this::failure);
        router.route(HttpMethod.GET, PATH).handler(this::get);
        router.route(HttpMethod.DELETE, PATH).handler(this::delete);
    }

    private void post(RoutingContext ctx) {
        if (guarded(ctx)) {
            authenticated(ctx, user -> post(ctx, user));
        }
    }

    /** DNS-rebinding protection: a browser's foreign Origin, or a Host the gateway does not serve, gets 403. */
    private boolean guarded(RoutingContext ctx) {
        if (!originAllowed(ctx.request().getHeader("Origin"))) {
            reject(ctx, 403, McpProtocolException.INVALID_REQUEST, "Forbidden: Origin not allowed");
            return false;
        }
        if (!hostAllowed(ctx.request().getHeader("Host"))) {
            reject(ctx, 403, McpProtocolException.INVALID_REQUEST, "Forbidden: Host not allowed");
            return false;
        }
        return true;
    }

    /**
     * Runs {@code next} with the caller's user ({@code null} when authentication is off), or answers 401/403 with a
     * {@code WWW-Authenticate} challenge. Validation may fetch signing keys, so it runs off the event loop.
     */
    private void authenticated(RoutingContext ctx, Consumer<GatewayUser> next) {
        if (auth == null) {
            next.accept(null);
            return;
        }
        String authorization = ctx.request().getHeader("Authorization");
        ctx.vertx().<GatewayUser>executeBlocking(() -> auth.authenticate(authorization), false).onComplete(done -> {
            if (done.succeeded()) {
                next.accept(done.result());
                return;
            }
            if (!(done.cause() instanceof AuthenticationException refused)) {
                LOG.error("Token validation failed", done.cause());
                reject(ctx, 500, McpProtocolException.INTERNAL_ERROR, "Internal error");
                return;
            }
            HostAndPort host = ctx.request().authority();
            String authority = host == null ? null : host.port() < 0 ? host.host() : host.host() + ":" + host.port();
            ctx.response().putHeader("WWW-Authenticate", protectedResource.challenge(authority, refused));
            reject(ctx, refused.status(), McpProtocolException.INVALID_REQUEST,
                    (refused.status() == 401 ? "Unauthorized: " : "Forbidden: ") + refused.getMessage());
        });
    }

    private void post(RoutingContext ctx, GatewayUser user) {
        HttpServerRequest req = ctx.request();
        String contentType = req.getHeader("Content-Type");
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            reject(ctx, 415, McpProtocolException.INVALID_REQUEST, "Unsupported Media Type: Content-Type must be application/json");
            return;
        }
        if (!acceptsJson(req.getHeader("Accept"))) {
            reject(ctx, 406, McpProtocolException.INVALID_REQUEST, "Not Acceptable: Accept must allow application/json");
            return;
        }
        JsonNode message;
        try {
            message = Json.MAPPER.readTree(ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes());
        } catch (Exception e) {
            reject(ctx, 400, McpProtocolException.PARSE_ERROR, "Parse error");
            return;
        }
        if (message == null || message.isMissingNode()) {
            reject(ctx, 400, McpProtocolException.PARSE_ERROR, "Parse error: empty body");
            return;
        }
        if (message.isArray()) {
            reject(ctx, 400, McpProtocolException.INVALID_REQUEST, "Invalid Request: batches are not supported");
            return;
        }
        if (!message.isObject() || !"2.0".equals(message.path("jsonrpc").asText(null))) {
            reject(ctx, 400, McpProtocolException.INVALID_REQUEST, "Invalid Request: not a JSON-RPC 2.0 message");
            return;
        }
        JsonNode methodNode = message.get("method");
        JsonNode id = message.get("id");
        if (methodNode == null) {
            boolean response = id != null && (message.has("result") || message.has("error"));
            if (!response) {
                reject(ctx, 400, McpProtocolException.INVALID_REQUEST, "Invalid Request: no method");
                return;
            }
            McpSession session = sessions.find(req.getHeader(SESSION_HEADER));
            if (session == null) {
                reject(ctx, 404, -32001, "Session not found");
                return;
            }
            if (!session.answered(message)) {
                LOG.debug("Client answered request {} that nothing waits for", id);
            }
            ctx.response().setStatusCode(202).end();
            return;
        }
        if (!methodNode.isTextual() || (id != null && !(id.isTextual() || id.isIntegralNumber()))) {
            reject(ctx, 400, McpProtocolException.INVALID_REQUEST, "Invalid Request: bad method or id");
            return;
        }
        String method = methodNode.textValue();
        String version = req.getHeader(VERSION_HEADER);
        String sessionId = req.getHeader(SESSION_HEADER);
        Map<String, String> headers = requestHeaders(req);
        if (StatelessRequest.applies(sessionId, version, method, message)) {
            stateless(ctx, user, (ObjectNode) message, method, id, headers);
            return;
        }
        if (version != null && !McpProtocol.SUPPORTED.contains(version)) {
            reject(ctx, 400, McpProtocolException.INVALID_REQUEST, "Bad Request: Unsupported protocol version " + version);
            return;
        }
        McpSession session = null;
        if (!"initialize".equals(method)) {
            if (sessionId == null) {
                reject(ctx, 400, McpProtocolException.INVALID_REQUEST, "Bad Request: Mcp-Session-Id header is required");
                return;
            }
            session = sessions.find(sessionId);
            if (session == null) {
                reject(ctx, 404, -32001, "Session not found");
                return;
            }
        } else if (id == null) {
            reject(ctx, 400, McpProtocolException.INVALID_REQUEST, "Invalid Request: initialize must be a request");
            return;
        }
        if (id == null) {
            if ("notifications/cancelled".equals(method)) {
                session.cancel(message.path("params").get("requestId"));
            }
            ctx.response().setStatusCode(202).end();
            return;
        }
        ResponseStream response = new ResponseStream(ctx, acceptsEventStream(req.getHeader("Accept")));
        ClientChannel channel = new ClientChannel(session, id, response.streaming ? response::event : null,
                relayTimeoutMillis);
        ctx.response().closeHandler(v -> channel.cancel());
        dispatch(ctx, user, message, headers, sessionId, null, channel, e -> response.finish(200,
                e.getMessage().getBody(JsonNode.class), e.getMessage().getHeader(McpHeaders.NEW_SESSION_ID, String.class)),
                body -> response.finish(500, body, null));
    }

    /**
     * A request of the stateless era: its headers and {@code _meta} are checked (errors answer HTTP 400, removed
     * methods 404), {@code subscriptions/listen} opens a notification stream, anything else is dispatched like a
     * session's request and its result shaped for the era. Notifications need nothing from the gateway here.
     */
    private void stateless(RoutingContext ctx, GatewayUser user, ObjectNode message, String method, JsonNode id,
                           Map<String, String> headers) {
        if (id == null) {
            ctx.response().setStatusCode(202).end();
            return;
        }
        StatelessRequest request;
        try {
            request = StatelessRequest.read(headers, method, message);
        } catch (StatelessRequest.Rejected rejected) {
            writeJson(ctx, rejected.status(), JsonRpc.error(id, rejected), null);
            return;
        }
        if ("subscriptions/listen".equals(method)) {
            listen(ctx, user, message, id, headers);
            return;
        }
        ResponseStream response = new ResponseStream(ctx, acceptsEventStream(ctx.request().getHeader("Accept")));
        String subject = user == null ? null : user.subject();
        if (Tasks.METHODS.contains(method)) {
            JsonNode body;
            if (!Tasks.declared(request)) {
                body = Tasks.missingExtension(id, null);
            } else {
                try {
                    body = JsonRpc.result(id, tasks.handle(method, McpRequests.params(message), subject));
                } catch (McpProtocolException e) {
                    body = JsonRpc.error(id, e);
                }
            }
            response.finish(StatelessRequest.status(body), body, null);
            return;
        }
        if (!MULTI_ROUND.contains(method)) {
            ClientChannel channel = new ClientChannel(request, null, id, response.streaming ? response::event : null,
                    relayTimeoutMillis);
            ctx.response().closeHandler(v -> channel.cancel());
            dispatch(ctx, user, message, headers, null, request, channel, e -> {
                JsonNode body = StatelessRequest.shape(method,
                        statelessBody(id, channel, e.getMessage().getBody(JsonNode.class)));
                response.finish(StatelessRequest.status(body), body, null);
            }, body -> response.finish(500, body, null));
            return;
        }
        ObjectNode params = McpRequests.params(message);
        JsonNode targetNode = params.get(StatelessRequest.NAME_FIELD.get(method));
        String target = targetNode == null ? null : targetNode.asText();
        if (tasksOffered && "tools/call".equals(method) && target != null && params.get("requestState") == null) {
            String support = Tasks.support(toolDescriptor.apply(target));
            if ("required".equals(support) && !Tasks.declared(request)) {
                response.finish(400, Tasks.missingExtension(id, "tool " + target + " runs only as a task"), null);
                return;
            }
            if (!"forbidden".equals(support) && Tasks.declared(request)) {
                startTask(ctx, user, message, headers, request, id, target, subject, response);
                return;
            }
        }
        JsonNode state = params.remove("requestState");
        JsonNode answers = params.remove("inputResponses");
        if (state != null && !state.isTextual() || answers != null && !answers.isObject()) {
            response.finish(200, JsonRpc.error(id, McpProtocolException.INVALID_PARAMS,
                    "Invalid params: requestState must be a string and inputResponses an object"), null);
            return;
        }
        SuspendedRequest suspendedRequest;
        if (state != null) {
            try {
                suspendedRequest = suspended.resume(state.textValue(), method, target, subject,
                        answers == null ? Json.object() : answers);
            } catch (McpProtocolException e) {
                response.finish(200, JsonRpc.error(id, e), null);
                return;
            }
        } else {
            suspendedRequest = new SuspendedRequest(method, target, subject);
            ClientChannel channel = new ClientChannel(request, suspendedRequest, id,
                    response.streaming ? suspendedRequest::notify : null, relayTimeoutMillis);
            suspendedRequest.cancelWith(channel::cancel);
            dispatch(ctx, user, message, headers, null, request, channel,
                    e -> suspendedRequest.complete(200, statelessBody(id, channel, e.getMessage().getBody(JsonNode.class))),
                    body -> suspendedRequest.complete(500, body));
        }
        round(ctx, suspendedRequest, method, id, response);
    }

    /**
     * Runs a {@code tools/call} as a task: the upstream call goes on in the background (its questions wait for
     * {@code tasks/update}), and the client gets the {@code CreateTaskResult} at once.
     */
    private void startTask(RoutingContext ctx, GatewayUser user, ObjectNode message, Map<String, String> headers,
                           StatelessRequest request, JsonNode id, String tool, String subject, ResponseStream response) {
        if (!tasks.hasRoom()) {
            response.finish(200, JsonRpc.error(id, McpProtocolException.INTERNAL_ERROR,
                    "Too many tasks are running; try again later"), null);
            return;
        }
        SuspendedRequest run = new SuspendedRequest("tools/call", tool, subject);
        ClientChannel channel = new ClientChannel(request, run, id, null, relayTimeoutMillis);
        run.cancelWith(channel::cancel);
        ObjectNode created = tasks.create(run, subject);
        dispatch(ctx, user, message, headers, null, request, channel, e -> {
            UpstreamException failed = upstreamFailure(e.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class));
            run.complete(200, failed == null ? statelessBody(id, channel, e.getMessage().getBody(JsonNode.class))
                    : JsonRpc.error(id, failed.rpcCode() != null ? failed.rpcCode() : McpProtocolException.INTERNAL_ERROR,
                    "Tool '" + tool + "' failed on its upstream server"));
        }, body -> run.complete(500, body));
        response.finish(200, JsonRpc.result(id, created), null);
    }

    /**
     * The upstream failure behind a tool call's error result, if that is what it was: a task then ends {@code failed}
     * (a protocol-level error) rather than {@code completed} with a tool error.
     */
    private static UpstreamException upstreamFailure(Throwable caught) {
        for (Throwable t = caught; t != null; t = t.getCause()) {
            if (t instanceof UpstreamException u) {
                return u;
            }
        }
        return null;
    }

    /**
     * One round of a multi-round request: this HTTP request is answered with the request's response, or with an
     * {@code InputRequiredResult} asking the upstreams' open questions under a fresh {@code requestState}; a client
     * that does not come back within the relay timeout is given up on, which cancels the upstream work.
     */
    private void round(RoutingContext ctx, SuspendedRequest request, String method, JsonNode id,
                       ResponseStream response) {
        AtomicBoolean answered = new AtomicBoolean();
        ctx.response().closeHandler(v -> {
            if (!answered.get()) {
                request.abandon();
            }
        });
        request.stream(response.streaming ? response::event : null);
        request.next().thenAccept(outcome -> {
            answered.set(true);
            request.stream(null);
            if (outcome.inputRequests() == null) {
                ObjectNode body = outcome.response() instanceof ObjectNode o ? o.set("id", id)
                        : JsonRpc.error(id, McpProtocolException.INTERNAL_ERROR, "Internal error");
                response.finish(outcome.status() == 200 ? StatelessRequest.status(body) : outcome.status(),
                        StatelessRequest.shape(method, body), null);
                return;
            }
            if (!suspended.hasRoom()) {
                request.abandon();
                response.finish(200, JsonRpc.error(id, McpProtocolException.INTERNAL_ERROR,
                        "Too many requests are waiting for their clients' input; try again later"), null);
                return;
            }
            String state = suspended.suspend(request);
            ctx.vertx().setTimer(relayTimeoutMillis, t -> {
                SuspendedRequest expired = suspended.expire(state);
                if (expired != null) {
                    expired.abandon();
                }
            });
            ObjectNode result = Json.object().put("resultType", "input_required");
            result.set("inputRequests", outcome.inputRequests());
            result.put("requestState", state);
            response.finish(200, JsonRpc.result(id, result), null);
        });
    }

    /**
     * A stateless request's answer: when an upstream asked for a capability the client did not declare and the
     * request then failed, the error says which capability was missing ({@code -32021}).
     */
    private static JsonNode statelessBody(JsonNode id, ClientChannel channel, JsonNode body) {
        String missing = channel.missingCapability();
        if (missing == null || !failed(body)) {
            return body;
        }
        ObjectNode data = Json.object();
        data.putObject("requiredCapabilities").putObject(missing);
        return JsonRpc.error(id, McpProtocolException.MISSING_CLIENT_CAPABILITY,
                "Missing required client capability: " + missing, data);
    }

    private static boolean failed(JsonNode body) {
        return body == null || body.has("error") || body.path("result").path("isError").asBoolean(false);
    }

    /**
     * Hands the request to {@code mcp-dispatch} on a worker thread; {@code answer} takes what the route answered, and
     * {@code failed} the internal error that answers a failure of the route itself.
     */
    private void dispatch(RoutingContext ctx, GatewayUser user, JsonNode message, Map<String, String> headers,
                          String sessionId, StatelessRequest stateless, ClientChannel channel,
                          Consumer<Exchange> answer, Consumer<JsonNode> failed) {
        String method = message.get("method").textValue();
        JsonNode id = message.get("id");
        workers.<Exchange>executeBlocking(() -> template.request(dispatch, e -> {
            e.getIn().setBody(message);
            e.getIn().setHeader(McpHeaders.METHOD, method);
            e.getIn().setHeader(McpHeaders.RPC_ID, id);
            e.getIn().setHeader(McpHeaders.SESSION_ID, sessionId);
            e.getIn().setHeader(McpHeaders.STATELESS, stateless);
            e.getIn().setHeader(McpHeaders.REQUEST_HEADERS, headers);
            e.setProperty(ExchangeProperties.LISTENER, channel);
            if (user != null) {
                e.setProperty(ExchangeProperties.USER, user);
            }
        }), false).onComplete(done -> {
            channel.close();
            if (done.failed() || done.result().getException() != null) {
                Throwable cause = done.failed() ? done.cause() : done.result().getException();
                LOG.error("mcp-dispatch failed for method {}", method, cause);
                failed.accept(JsonRpc.error(id, McpProtocolException.INTERNAL_ERROR, "Internal error"));
                return;
            }
            answer.accept(done.result());
        });
    }

    /**
     * {@code subscriptions/listen}: an event stream whose first event acknowledges what it will carry; list changes
     * and resource updates the client opted in to follow, tagged with the listen request's id, until the client
     * closes it. The resources it names are subscribed upstream first.
     */
    private void listen(RoutingContext ctx, GatewayUser user, ObjectNode message, JsonNode id,
                        Map<String, String> headers) {
        if (!acceptsEventStream(ctx.request().getHeader("Accept"))) {
            writeJson(ctx, 406, JsonRpc.error(id, McpProtocolException.INVALID_REQUEST,
                    "Not Acceptable: Accept must allow text/event-stream"), null);
            return;
        }
        HttpServerResponse res = ctx.response();
        Context context = ctx.vertx().getOrCreateContext();
        ListenStream stream;
        try {
            stream = new ListenStream(id, McpRequests.params(message), capabilities, event ->
                    context.runOnContext(v -> {
                        if (!res.ended() && !res.closed()) {
                            res.write(sse(event));
                        }
                    }));
        } catch (McpProtocolException invalid) {
            writeJson(ctx, 400, JsonRpc.error(id, invalid), null);
            return;
        }
        ctx.vertx().<Exception>executeBlocking(() -> {
            for (String uri : stream.resourceUris()) {
                ObjectNode subscribe = Json.object().put("jsonrpc", "2.0").put("method", "resources/subscribe");
                subscribe.putObject("params").put("uri", uri);
                Exception failed = template.request(subscribeResource, e -> {
                    e.getIn().setBody(subscribe);
                    e.getIn().setHeader(McpHeaders.REQUEST_HEADERS, headers);
                    if (user != null) {
                        e.setProperty(ExchangeProperties.USER, user);
                    }
                }).getException();
                if (failed != null) {
                    return failed;
                }
            }
            return null;
        }, false).onComplete(done -> {
            if (res.closed()) {
                return;
            }
            Exception failed = done.failed() ? new IllegalStateException(done.cause()) : done.result();
            if (failed != null) {
                writeJson(ctx, 400, failed instanceof McpProtocolException p ? JsonRpc.error(id, p)
                        : JsonRpc.error(id, McpProtocolException.INTERNAL_ERROR, "Internal error"), null);
                return;
            }
            res.setStatusCode(200).setChunked(true).putHeader("Content-Type", "text/event-stream")
                    .putHeader("Cache-Control", "no-cache").write(sse(stream.acknowledgement()));
            sessions.listen(stream);
            res.closeHandler(v -> sessions.unlisten(stream));
        });
    }

    /**
     * The answer to one POST: plain JSON, unless something must go to the client before the response (a progress or
     * log notification, a relayed request) and the client accepts an event stream; then the response switches to
     * {@code text/event-stream} and the JSON-RPC response is its last event. Writes happen on the request's Vert.x
     * context, in the order they were asked for.
     */
    private static final class ResponseStream {
        private final RoutingContext ctx;
        private final Context context;
        private final boolean streaming;
        private boolean open;

        ResponseStream(RoutingContext ctx, boolean streaming) {
            this.ctx = ctx;
            this.context = ctx.vertx().getOrCreateContext();
            this.streaming = streaming;
        }

        void event(JsonNode message) {
            context.runOnContext(v -> {
                HttpServerResponse res = ctx.response();
                if (res.ended() || res.closed()) {
                    return;
                }
                if (!open) {
                    open = true;
                    res.setStatusCode(200).setChunked(true).putHeader("Content-Type", "text/event-stream")
                            .putHeader("Cache-Control", "no-cache");
                }
                res.write(sse(message));
            });
        }

        void finish(int status, JsonNode body, String newSessionId) {
            context.runOnContext(v -> {
                if (!open) {
                    writeJson(ctx, status, body, newSessionId);
                } else if (!ctx.response().ended() && !ctx.response().closed()) {
                    ctx.response().end(sse(body == null
                            ? JsonRpc.error(null, McpProtocolException.INTERNAL_ERROR, "Internal error") : body));
                }
            });
        }
    }

    private static String sse(JsonNode message) {
        return "event: message\ndata: " + Json.write(message) + "\n\n";
    }

    private void get(RoutingContext ctx) {
        if (guarded(ctx)) {
            authenticated(ctx, user -> openStream(ctx));
        }
    }

    /**
     * The session's standalone event stream: list-changed and resource-updated notifications reach the client here.
     * One per session; a second gets 409.
     */
    private void openStream(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        if (!acceptsEventStream(req.getHeader("Accept"))) {
            reject(ctx, 406, McpProtocolException.INVALID_REQUEST, "Not Acceptable: Accept must allow text/event-stream");
            return;
        }
        String sessionId = req.getHeader(SESSION_HEADER);
        if (sessionId == null) {
            reject(ctx, 400, McpProtocolException.INVALID_REQUEST, "Bad Request: Mcp-Session-Id header is required");
            return;
        }
        McpSession session = sessions.find(sessionId);
        if (session == null) {
            reject(ctx, 404, -32001, "Session not found");
            return;
        }
        Context context = ctx.vertx().getOrCreateContext();
        HttpServerResponse res = ctx.response();
        Consumer<JsonNode> writer = message -> context.runOnContext(v -> {
            if (!res.ended() && !res.closed()) {
                res.write(sse(message));
            }
        });
        if (!session.attach(writer)) {
            reject(ctx, 409, McpProtocolException.INVALID_REQUEST, "Conflict: this session already has an event stream");
            return;
        }
        res.closeHandler(v -> session.detach(writer));
        res.setStatusCode(200).setChunked(true).putHeader("Content-Type", "text/event-stream")
                .putHeader("Cache-Control", "no-cache").write(": toolgate event stream\n\n");
    }

    private void delete(RoutingContext ctx) {
        if (guarded(ctx)) {
            authenticated(ctx, user -> endSession(ctx));
        }
    }

    private void endSession(RoutingContext ctx) {
        String sessionId = ctx.request().getHeader(SESSION_HEADER);
        if (sessionId == null) {
            reject(ctx, 400, McpProtocolException.INVALID_REQUEST, "Bad Request: Mcp-Session-Id header is required");
        } else if (sessions.remove(sessionId)) {
            ctx.response().setStatusCode(204).end();
        } else {
            reject(ctx, 404, -32001, "Session not found");
        }
    }

    private void failure(RoutingContext ctx) {
        int status = ctx.statusCode() == 413 ? 413 : 400;
        if (ctx.statusCode() != 413 && ctx.failure() != null) {
            LOG.warn("MCP request failed before dispatch", ctx.failure());
        }
        reject(ctx, status, McpProtocolException.INVALID_REQUEST,
                status == 413 ? "Payload Too Large: body exceeds " + maxBodyBytes + " bytes" : "Bad Request");
    }

    private boolean originAllowed(String origin) {
        if (origin == null || allowedOrigins.contains("*") || allowedOrigins.contains(origin)) {
            return true;
        }
        try {
            String host = URI.create(origin).getHost();
            return host != null && LOOPBACK_HOSTS.contains(host.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * An empty list accepts any {@code Host}; otherwise loopback names and the listed hosts ({@code name} or
     * {@code name:port}) are accepted, so a DNS name rebound to the gateway's address is refused.
     */
    private boolean hostAllowed(String host) {
        if (host == null || allowedHosts.isEmpty()) {
            return true;
        }
        String h = host.toLowerCase(Locale.ROOT);
        int bracket = h.indexOf(']');
        int colon = bracket >= 0 ? h.indexOf(':', bracket) : h.indexOf(':');
        String name = colon < 0 ? h : h.substring(0, colon);
        return LOOPBACK_HOSTS.contains(name) || allowedHosts.contains(name) || allowedHosts.contains(h);
    }

    private static boolean acceptsEventStream(String accept) {
        return accept != null && accept.toLowerCase(Locale.ROOT).contains("text/event-stream");
    }

    private static boolean acceptsJson(String accept) {
        if (accept == null) {
            return true;
        }
        String a = accept.toLowerCase(Locale.ROOT);
        return a.contains("application/json") || a.contains("*/*") || a.contains("application/*");
    }

    private static Map<String, String> requestHeaders(HttpServerRequest req) {
        Map<String, String> out = new HashMap<>();
        req.headers().forEach(h -> out.merge(h.getKey().toLowerCase(Locale.ROOT), h.getValue(), (a, b) -> a + ", " + b));
        return out;
    }

    private static void reject(RoutingContext ctx, int status, int code, String message) {
        writeJson(ctx, status, JsonRpc.error(null, code, message), null);
    }

    private static void writeJson(RoutingContext ctx, int status, JsonNode body, String sessionId) {
        HttpServerResponse res = ctx.response();
        if (res.ended()) {
            return;
        }
        res.setStatusCode(status).putHeader("Content-Type", "application/json");
        if (sessionId != null) {
            res.putHeader(SESSION_HEADER, sessionId);
        }
        res.end(Json.write(body == null ? JsonRpc.error(null, McpProtocolException.INTERNAL_ERROR, "Internal error") : body));
    }
}
