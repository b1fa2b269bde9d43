package io.toolgate.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.toolgate.auth.JwtAuthenticator;
import io.toolgate.auth.ProtectedResource;
import io.toolgate.error.McpProtocolException;
import io.toolgate.hooks.GatewayUser;
import io.toolgate.hooks.HookChain;
import io.toolgate.observability.McpRequestListener;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.function.Function;

/**
 * The MCP Streamable HTTP entry at {@code /mcp}, registered on Camel's own platform-http Vert.x router as a chain of
 * handlers, each with one job:
 * <pre>
 * POST   body size → {@link TransportGuard} → {@link BearerAuthentication} → {@link JsonRpcReader}
 *        → {@link StatelessEraHandler} (→ {@link ListenStreams}, {@link MultiRoundRequests}) → {@link SessionsEraHandler}
 * GET    {@link TransportGuard} → {@link BearerAuthentication} → {@link SessionsEraHandler#get} (standalone stream)
 * DELETE {@link TransportGuard} → {@link BearerAuthentication} → {@link SessionsEraHandler#delete}
 * </pre>
 * Every request is answered by the {@code mcp-dispatch} route ({@link RouteDispatcher}); {@link ResponseStream} and
 * {@link ResponseWriter} write what it answers as JSON or as an event stream.
 */
public final class McpHttpHandler {

    public static final String PATH = "/mcp";
    private static final Logger LOG = LoggerFactory.getLogger(McpHttpHandler.class);

    private final long maxBodyBytes;
    private final RouteDispatcher dispatcher;
    private final TransportGuard guard;
    private final BearerAuthentication authentication;
    private final StatelessEraHandler stateless;
    private final SessionsEraHandler sessionsEra;
    private final McpRequestListener requests;

    /**
     * @param toolDescriptor an upstream tool's descriptor by the name clients call it, or null
     * @param allowedHosts   {@code Host} values accepted (host, or host:port), empty for any
     * @param auth           null when inbound JWT authentication is off, as is {@code protectedResource}
     * @param hooks          whose {@code onAuthenticate} names the caller at the entry, before the session lookup
     * @param exposure       decides the capabilities a {@code subscriptions/listen} stream can honour, and whether
     *                       tools run as tasks (meta exposure lists no upstream tool a task could run)
     * @param requests       told of every request once answered (access log, metrics)
     */
    public McpHttpHandler(ProducerTemplate template, ClientSessions sessions, SuspendedRequests suspended, Tasks tasks,
                          Function<String, JsonNode> toolDescriptor, List<String> allowedOrigins,
                          List<String> allowedHosts, long maxBodyBytes, JwtAuthenticator auth,
                          ProtectedResource protectedResource, HookChain hooks,
                          long relayTimeoutMillis, Exposure exposure, McpRequestListener requests) {
        this.maxBodyBytes = maxBodyBytes;
        this.dispatcher = new RouteDispatcher(template, requests);
        this.requests = requests;
        this.guard = new TransportGuard(allowedOrigins, allowedHosts);
        this.authentication = new BearerAuthentication(auth, protectedResource, hooks);
        this.stateless = new StatelessEraHandler(dispatcher,
                new MultiRoundRequests(dispatcher, suspended, tasks, toolDescriptor, exposure != Exposure.META,
                        relayTimeoutMillis),
                new ListenStreams(sessions, dispatcher, McpProtocol.statelessCapabilities(exposure), relayTimeoutMillis),
                relayTimeoutMillis);
        this.sessionsEra = new SessionsEraHandler(sessions, dispatcher, relayTimeoutMillis);
    }

    /** Serves {@code /mcp} on {@code router}; requests are dispatched on a pool of their own (see {@link RouteDispatcher}). */
    public void register(Router router, Vertx vertx) {
        dispatcher.start(vertx);
        router.route(PATH).handler(this::reportRefusal);
        router.route(HttpMethod.POST, PATH)
                .handler(BodyHandler.create(false).setBodyLimit(maxBodyBytes))
                .handler(guard)
                .handler(authentication)
                .handler(new JsonRpcReader())
                .handler(stateless::post)
                .handler(sessionsEra::post)
                .failureHandler(this::failure);
        router.route(HttpMethod.GET, PATH).handler(guard).handler(authentication).handler(sessionsEra::get);
        router.route(HttpMethod.DELETE, PATH).handler(guard).handler(authentication).handler(sessionsEra::delete);
    }

    /** Tells the request listener of a request answered with a status of 400 or above. */
    private void reportRefusal(RoutingContext ctx) {
        ctx.addEndHandler(done -> {
            int status = ctx.response().getStatusCode();
            if (status >= 400) {
                GatewayUser user = BearerAuthentication.user(ctx);
                requests.refused(ctx.request().method().name(), status, user == null ? null : user.subject());
            }
        });
        ctx.next();
    }

    /** A body over the limit answers 413; any other failure before dispatch 400. */
    private void failure(RoutingContext ctx) {
        int status = ctx.statusCode() == 413 ? 413 : 400;
        if (ctx.statusCode() != 413 && ctx.failure() != null) {
            LOG.warn("MCP request failed before dispatch", ctx.failure());
        }
        ResponseWriter.reject(ctx, status, McpProtocolException.INVALID_REQUEST,
                status == 413 ? "Payload Too Large: body exceeds " + maxBodyBytes + " bytes" : "Bad Request");
    }
}
