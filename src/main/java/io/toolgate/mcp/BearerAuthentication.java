package io.toolgate.mcp;

import io.toolgate.auth.AuthenticationException;
import io.toolgate.auth.JwtAuthenticator;
import io.toolgate.auth.ProtectedResource;
import io.toolgate.error.McpProtocolException;
import io.toolgate.hooks.GatewayUser;
import io.vertx.core.Handler;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handler of {@code /mcp} that validates the bearer token when inbound authentication is on, keeps the caller's
 * {@link GatewayUser} in the routing context for the handlers after it, or answers 401/403 with a
 * {@code WWW-Authenticate} challenge. Validation may fetch signing keys, so it runs off the event loop.
 */
final class BearerAuthentication implements Handler<RoutingContext> {

    private static final Logger LOG = LoggerFactory.getLogger(BearerAuthentication.class);
    private static final String USER = "toolgate.user";

    private final JwtAuthenticator auth;
    private final ProtectedResource protectedResource;

    /** @param auth null when inbound authentication is off (every request passes, with no user) */
    BearerAuthentication(JwtAuthenticator auth, ProtectedResource protectedResource) {
        this.auth = auth;
        this.protectedResource = protectedResource;
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
        if (auth == null) {
            ctx.next();
            return;
        }
        String authorization = ctx.request().getHeader("Authorization");
        ctx.vertx().<GatewayUser>executeBlocking(() -> auth.authenticate(authorization), false).onComplete(done -> {
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
