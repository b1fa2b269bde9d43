package io.toolgate.mcp;

import io.toolgate.auth.AuthenticationException;
import io.toolgate.auth.JwtAuthenticator;
import io.toolgate.auth.ProtectedResource;
import io.toolgate.error.McpProtocolException;
import io.toolgate.hooks.GatewayUser;
import io.toolgate.hooks.HookChain;

import io.vertx.core.Handler;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * Handler of {@code /mcp} that authenticates the caller: validates the bearer token when inbound authentication is on
 * (answering 401/403 with a {@code WWW-Authenticate} challenge when it fails), then asks the {@code onAuthenticate}
 * hooks, whose user wins when they return one. The caller's {@link GatewayUser} is kept in the routing context for the
 * handlers after it: the session lookup checks it against the session's owner. Validation may fetch signing keys and
 * hooks may call routes, so both run off the event loop.
 */
final class BearerAuthentication implements Handler<RoutingContext> {

    private static final Logger LOG = LoggerFactory.getLogger(BearerAuthentication.class);
    private static final String USER = "toolgate.user";

    private final JwtAuthenticator auth;
    private final ProtectedResource protectedResource;
    private final HookChain hooks;

    /**
     * @param auth  null when inbound authentication is off (every request passes, with no user from a token)
     * @param hooks whose {@code onAuthenticate} names the caller from the request headers (lower-cased names)
     */
    BearerAuthentication(JwtAuthenticator auth, ProtectedResource protectedResource, HookChain hooks) {
        this.auth = auth;
        this.protectedResource = protectedResource;
        this.hooks = hooks;
    }

    /** The user this handler authenticated for the request, or null when authentication is off. */
    static GatewayUser user(RoutingContext ctx) {
        return ctx.get(USER);
    }

    /** Keeps {@code user} as the request's authenticated user. */
    static void keep(RoutingContext ctx, GatewayUser user) {
        ctx.put(USER, user);
    }

    @Override
    public void handle(RoutingContext ctx) {
        boolean hooked = !hooks.isEmpty();
        if (auth == null && !hooked) {
            ctx.next();
            return;
        }
        String authorization = ctx.request().getHeader("Authorization");
        Map<String, String> headers = hooked ? JsonRpcReader.headers(ctx.request()) : null;
        ctx.vertx().<GatewayUser>executeBlocking(() -> {
            GatewayUser user = auth == null ? null : auth.authenticate(authorization);
            GatewayUser fromHooks = hooked ? hooks.authenticate(headers) : null;
            return fromHooks != null ? fromHooks : user;
        }, false).onComplete(done -> {
            if (done.succeeded()) {
                keep(ctx, done.result());
                ctx.next();
                return;
            }
            if (!(done.cause() instanceof AuthenticationException refused)) {
                LOG.error("Token validation failed", done.cause());
                ResponseWriter.reject(ctx, 500, McpProtocolException.INTERNAL_ERROR, "Internal error");
                return;
            }
            HostAndPort host = ctx.request().authority();
            String authority = host == null ? null : host.port() < 0 ? host.host() : host.host() + ":" + host.port();
            ctx.response().putHeader("WWW-Authenticate", protectedResource.challenge(authority, refused));
            ResponseWriter.reject(ctx, refused.status(), McpProtocolException.INVALID_REQUEST,
                    (refused.status() == 401 ? "Unauthorized: " : "Forbidden: ") + refused.getMessage());
        });
    }
}
