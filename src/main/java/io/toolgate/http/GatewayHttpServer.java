package io.toolgate.http;

import io.toolgate.error.ConfigException;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.BindException;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's HTTP server: Camel's platform-http Vert.x server (its router serves {@code /mcp} and every
 * {@code platform-http:} route), listening with {@link ConnectionLimits} applied to every connection and request. A
 * port that cannot be bound stops the start with a {@link ConfigException} naming {@code GATEWAY_HOST}/{@code GATEWAY_PORT}.
 */
public final class GatewayHttpServer extends VertxPlatformHttpServer {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayHttpServer.class);
    private static final long LISTEN_TIMEOUT_SECONDS = 60;
    /** The largest request head (request line and headers); a larger one is answered 431. */
    private static final int MAX_HEADER_BYTES = 32 * 1024;

    private final String host;
    private final int port;
    private final ConnectionLimits limits;
    private HttpServer server;
    private Vertx created;
    private long sweep = -1;

    public GatewayHttpServer(String host, int port, ConnectionLimits limits) {
        super(configuration(host, port));
        this.host = host;
        this.port = port;
        this.limits = limits;
    }

    private static VertxPlatformHttpServerConfiguration configuration(String host, int port) {
        VertxPlatformHttpServerConfiguration c = new VertxPlatformHttpServerConfiguration();
        c.setBindHost(host);
        c.setBindPort(port);
        c.setPath("/");
        return c;
    }

    @Override
    protected void startServer() throws Exception {
        VertxPlatformHttpRouter router = getCamelContext().getRegistry().findSingleByType(VertxPlatformHttpRouter.class);
        HttpServer created = getVertx().createHttpServer(new HttpServerOptions().setHost(host).setPort(port)
                        // bearer tokens with many claims outgrow Vert.x's 8 KiB default for a request's head
                        .setMaxHeaderSize(MAX_HEADER_BYTES)
                        // without h2c prior-knowledge detection a connection is handed over (and counted) on accept, not
                        // only once its first bytes arrive; clients asking to upgrade to h2c stay on HTTP/1.1
                        .setHttp2ClearTextEnabled(false))
                .connectionHandler(limits::opened)
                .requestHandler(request -> {
                    limits.request(request);
                    router.handle(request);
                });
        try {
            server = created.listen().toCompletionStage().toCompletableFuture().get(LISTEN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw cannotListen(e.getCause());
        }
        sweep = limits.start(getVertx());
        LOG.info("Listening on http://{}:{}", host, server.actualPort());
    }

    /** The message of a start that fails because {@code host:port} is taken. */
    public static String portInUse(String host, int port) {
        return "Cannot listen on " + host + ":" + port + " (address already in use): set GATEWAY_PORT to a free port";
    }

    private ConfigException cannotListen(Throwable cause) {
        String where = host + ":" + port;
        if (cause instanceof BindException && String.valueOf(cause.getMessage()).contains("in use")) {
            return new ConfigException(portInUse(host, port));
        }
        return new ConfigException("Cannot listen on " + where + " (" + cause.getMessage()
                + "): check GATEWAY_HOST and GATEWAY_PORT");
    }

    @Override
    protected void stopServer() {
        if (sweep >= 0) {
            getVertx().cancelTimer(sweep);
            sweep = -1;
        }
        if (server != null) {
            try {
                server.close().toCompletionStage().toCompletableFuture().get(LISTEN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("HTTP server did not close cleanly: {}", e.toString());
            }
            server = null;
        }
    }

    @Override
    protected Vertx createVertxInstance() {
        created = super.createVertxInstance();
        return created;
    }

    /**
     * Closes the Vert.x instance this server created, when no other was bound (the base class closes it on a thread
     * pool that only its own {@code startServer} makes).
     */
    @Override
    protected void stopVertx() {
        if (created == null) {
            return;
        }
        try {
            created.close().toCompletionStage().toCompletableFuture().get(LISTEN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("Vert.x did not close cleanly: {}", e.toString());
        }
        created = null;
    }

    @Override
    public HttpServer getServer() {
        return server;
    }

    @Override
    public int getPort() {
        return server == null ? port : server.actualPort();
    }

    /** The limits applied to this server's connections. */
    public ConnectionLimits limits() {
        return limits;
    }
}
