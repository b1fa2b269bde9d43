package io.toolgate.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.toolgate.error.McpProtocolException;
import io.toolgate.exchange.ExchangeProperties;
import io.toolgate.exchange.McpHeaders;
import io.toolgate.hooks.GatewayUser;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Hands JSON-RPC requests of {@code /mcp} to the {@code mcp-dispatch} route on a pool of {@value #THREADS} threads of
 * its own: a request holds its thread while upstreams work, and while it waits for its client's input.
 */
final class RouteDispatcher {

    static final int THREADS = 200;
    private static final Logger LOG = LoggerFactory.getLogger(RouteDispatcher.class);

    private final ProducerTemplate template;
    private final Endpoint dispatch;
    private WorkerExecutor workers;

    RouteDispatcher(ProducerTemplate template) {
        this.template = template;
        this.dispatch = template.getCamelContext().getEndpoint("direct:mcp-dispatch");
    }

    void start(Vertx vertx) {
        workers = vertx.createSharedWorkerExecutor("toolgate-mcp", THREADS, 10, TimeUnit.MINUTES);
    }

    /**
     * Runs {@code message} through {@code mcp-dispatch}; {@code answer} takes the exchange the route answered, and
     * {@code failed} the internal error that answers a failure of the route itself. The channel is closed either way.
     *
     * @param sessionId null for a stateless request, as is {@code stateless} for a session's request
     */
    void dispatch(IncomingMessage in, GatewayUser user, String sessionId, StatelessRequest stateless,
                  ClientChannel channel, Consumer<Exchange> answer, Consumer<JsonNode> failed) {
        JsonNode message = in.message();
        String method = in.method();
        JsonNode id = in.id();
        workers.<Exchange>executeBlocking(() -> template.request(dispatch, e -> {
            e.getIn().setBody(message);
            e.getIn().setHeader(McpHeaders.METHOD, method);
            e.getIn().setHeader(McpHeaders.RPC_ID, id);
            e.getIn().setHeader(McpHeaders.SESSION_ID, sessionId);
            e.getIn().setHeader(McpHeaders.STATELESS, stateless);
            e.getIn().setHeader(McpHeaders.REQUEST_HEADERS, in.headers());
            e.setProperty(ExchangeProperties.LISTENER, channel);
            e.setProperty(ExchangeProperties.AUTHENTICATED, true);
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
}
