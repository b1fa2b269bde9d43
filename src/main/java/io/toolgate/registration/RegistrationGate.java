package io.toolgate.registration;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Authenticates every {@code /registry/servers} request on the HTTP server, before the platform-http routes read its
 * body: a caller without valid credentials gets 401 {@code {"error":"Unauthorized","code":"unauthorized"}} at once and
 * the connection is closed, so an unauthenticated client cannot make the gateway read (and hold) a body.
 */
public final class RegistrationGate implements Handler<RoutingContext> {

    /** The paths this gate stands in front of. */
    public static final String PATHS = "/registry/servers*";
    private static final String UNAUTHORIZED = "{\"error\":\"Unauthorized\",\"code\":\"unauthorized\"}";

    private final RegistrationAuthenticator auth;

    public RegistrationGate(RegistrationAuthenticator auth) {
        this.auth = auth;
    }

    @Override
    public void handle(RoutingContext ctx) {
        try {
            auth.check(ctx.request().getHeader("Authorization"), route(ctx));
        } catch (RegistrationException refused) {
            ctx.response().setStatusCode(401).putHeader("Content-Type", "application/json")
                    .putHeader("Connection", "close").end(UNAUTHORIZED)
                    .onComplete(done -> ctx.request().connection().close());
            return;
        }
        ctx.next();
    }

    /** The route the request is for, as the authentication log names it. */
    private static String route(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        return switch (ctx.request().method().name()) {
            case "GET" -> "list";
            case "DELETE" -> "deregister";
            default -> path.endsWith("/refresh") ? "refresh-server" : "register";
        };
    }
}
