package io.toolgate.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.toolgate.Json;
import io.toolgate.auth.AuthenticationException;
import io.toolgate.auth.JwtAuthenticator;
import io.toolgate.auth.ProtectedResource;
import io.toolgate.error.McpProtocolException;
import io.toolgate.hooks.GatewayUser;
import io.toolgate.hooks.HookProcessor;
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
import java.util.function.Consumer;

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

    private final ProducerTemplate template;
    private final Endpoint dispatch;
    private final McpSessions sessions;
    private final List<String> allowedOrigins;
    private final long maxBodyBytes;
    private final JwtAuthenticator auth;
    private final ProtectedResource protectedResource;

    /** {@code auth} and {@code protectedResource} are {@code null} when inbound JWT authentication is off. */
    public McpHttpHandler(ProducerTemplate template, McpSessions sessions, List<String> allowedOrigins, long maxBodyBytes,
                          JwtAuthenticator auth, ProtectedResource protectedResource) {
        this.template = template;
        this.auth = auth;
        this.protectedResource = protectedResource;
        this.dispatch = template.getCamelContext().getEndpoint("direct:mcp-dispatch");
        this.sessions = sessions;
        this.allowedOrigins = allowedOrigins;
        this.maxBodyBytes = maxBodyBytes;
    }

    public void register(Router router) {
        router.route(HttpMethod.POST, PATH)
                .handler(BodyHandler.create(false).setBodyLimit(maxBodyBytes))
                .handler(this::post)
                .failureHandler(this::failure);
        router.route(HttpMethod.GET, PATH).handler(this::get);
        router.route(HttpMethod.DELETE, PATH).handler(this::delete);
    }

    private void post(RoutingContext ctx) {
        if (!originAllowed(ctx.request().getHeader("Origin"))) {
            reject(ctx, 403, McpProtocolException.INVALID_REQUEST, "Forbidden: Origin not allowed");
            return;
        }
        authenticated(ctx, user -> post(ctx, user));
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
            if (response) {
                ctx.response().setStatusCode(202).end();
            } else {
                reject(ctx, 400, McpProtocolException.INVALID_REQUEST, "Invalid Request: no method");
            }
            return;
        }
        if (!methodNode.isTextual() || (id != null && !(id.isTextual() || id.isIntegralNumber()))) {
            reject(ctx, 400, McpProtocolException.INVALID_REQUEST, "Invalid Request: bad method or id");
            return;
        }
        String method = methodNode.textValue();
        String version = req.getHeader(VERSION_HEADER);
        if (version != null && !McpProtocol.SUPPORTED.contains(version)) {
            reject(ctx, 400, McpProtocolException.INVALID_REQUEST, "Bad Request: Unsupported protocol version " + version);
            return;
        }
        String sessionId = req.getHeader(SESSION_HEADER);
        if (!"initialize".equals(method)) {
            if (sessionId == null) {
                reject(ctx, 400, McpProtocolException.INVALID_REQUEST, "Bad Request: Mcp-Session-Id header is required");
                return;
            }
            if (sessions.find(sessionId) == null) {
                reject(ctx, 404, -32001, "Session not found");
                return;
            }
        } else if (id == null) {
            reject(ctx, 400, McpProtocolException.INVALID_REQUEST, "Invalid Request: initialize must be a request");
            return;
        }
        if (id == null) {
            ctx.response().setStatusCode(202).end();
            return;
        }
        Map<String, String> headers = requestHeaders(req);
        ctx.vertx().<Exchange>executeBlocking(() -> template.request(dispatch, e -> {
            e.getIn().setBody(message);
            e.getIn().setHeader(McpExchange.METHOD, method);
            e.getIn().setHeader(McpExchange.RPC_ID, id);
            e.getIn().setHeader(McpExchange.SESSION_ID, sessionId);
            e.getIn().setHeader(McpExchange.REQUEST_HEADERS, headers);
            if (user != null) {
                e.setProperty(HookProcessor.USER, user);
            }
        }), false).onComplete(done -> {
            if (done.failed() || done.result().getException() != null) {
                Throwable cause = done.failed() ? done.cause() : done.result().getException();
                LOG.error("mcp-dispatch failed for method {}", method, cause);
                writeJson(ctx, 200, JsonRpc.error(id, McpProtocolException.INTERNAL_ERROR, "Internal error"), null);
                return;
            }
            Exchange e = done.result();
            writeJson(ctx, 200, e.getMessage().getBody(JsonNode.class), e.getMessage().getHeader(McpExchange.NEW_SESSION_ID, String.class));
        });
    }

    private void get(RoutingContext ctx) {
        if (!originAllowed(ctx.request().getHeader("Origin"))) {
            reject(ctx, 403, McpProtocolException.INVALID_REQUEST, "Forbidden: Origin not allowed");
            return;
        }
        ctx.response().putHeader("Allow", "POST, DELETE");
        reject(ctx, 405, McpProtocolException.INVALID_REQUEST, "Method Not Allowed: this server offers no standalone SSE stream");
    }

    private void delete(RoutingContext ctx) {
        if (!originAllowed(ctx.request().getHeader("Origin"))) {
            reject(ctx, 403, McpProtocolException.INVALID_REQUEST, "Forbidden: Origin not allowed");
            return;
        }
        authenticated(ctx, user -> endSession(ctx));
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
