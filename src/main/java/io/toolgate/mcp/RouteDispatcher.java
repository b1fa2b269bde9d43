package io.toolgate.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.toolgate.error.McpProtocolException;
import io.toolgate.exchange.ExchangeProperties;
import io.toolgate.exchange.McpHeaders;
import io.toolgate.hooks.GatewayUser;
import io.toolgate.observability.McpRequestListener;
import io.toolgate.observability.McpRequestRecord;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
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
    private final McpRequestListener requests;
    private WorkerExecutor workers;

    /** @param requests told of every request once its answer is known */
    RouteDispatcher(ProducerTemplate template, McpRequestListener requests) {
        this.template = template;
        this.dispatch = template.getCamelContext().getEndpoint("direct:mcp-dispatch");
        this.requests = requests;
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
        Instant at = Instant.now();
        long started = System.nanoTime();
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
                requests.requestDone(new McpRequestRecord(at, method, null, null, McpRequestRecord.ERROR,
                        String.valueOf(McpProtocolException.INTERNAL_ERROR), System.nanoTime() - started,
                        user == null ? null : user.subject(), sessionId));
                failed.accept(JsonRpc.error(id, McpProtocolException.INTERNAL_ERROR, "Internal error"));
                return;
            }
            requests.requestDone(RequestRecords.of(done.result(), at, System.nanoTime() - started, user, sessionId));
            answer.accept(done.result());
        });
    }
}
