package io.toolgate.mcp;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A Vert.x server on a free loopback port that runs the given {@code /mcp} handlers, for handler unit tests. */
final class HandlerHarness implements AutoCloseable {

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final HttpClient client = HttpClient.newHttpClient();

    /** Serves POST, GET and DELETE {@code /mcp} with {@code handlers}, the body read first. */
    @SafeVarargs
    HandlerHarness(Handler<RoutingContext>... handlers) throws Exception {
        Router router = Router.router(vertx);
        for (HttpMethod method : List.of(HttpMethod.POST, HttpMethod.GET, HttpMethod.DELETE)) {
            var route = router.route(method, "/mcp").handler(BodyHandler.create(false));
            for (Handler<RoutingContext> h : handlers) {
                route.handler(h);
            }
        }
        server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    HttpRequest.Builder request() {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + "/mcp"));
    }

    HttpResponse<String> send(HttpRequest request) throws Exception {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** The status of {@code request}, read as soon as the headers arrive (an event stream would never end). */
    int status(HttpRequest request) throws Exception {
        HttpResponse<java.io.InputStream> res = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        res.body().close();
        return res.statusCode();
    }

    HttpResponse<String> post(String body, String... headers) throws Exception {
        HttpRequest.Builder b = request().POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return send(b.build());
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
