package io.toolgate.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.toolgate.error.McpProtocolException;
import io.toolgate.hooks.GatewayUser;
import io.toolgate.json.Json;
import io.toolgate.upstream.UpstreamException;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.Exchange;

import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Stateless requests that may need the client's input: an upstream's questions are answered to the client as an
 * {@code InputRequiredResult} under a {@code requestState}, and the client's next request with that state and its
 * {@code inputResponses} resumes the same upstream work. A {@code tools/call} of a tool that supports tasks runs as a
 * task when the client declared the tasks extension.
 */
final class MultiRoundRequests {

    /** The methods whose stateless requests may take several rounds. */
    static final Set<String> METHODS = Set.of("tools/call", "prompts/get", "resources/read");

    private final RouteDispatcher dispatcher;
    private final SuspendedRequests suspended;
    private final Tasks tasks;
    private final Function<String, JsonNode> toolDescriptor;
    private final boolean tasksOffered;
    private final long relayTimeoutMillis;

    /**
     * @param toolDescriptor an upstream tool's descriptor by the name clients call it, or null
     * @param tasksOffered   tasks run upstream tools that clients call by name, which meta exposure does not list
     */
    MultiRoundRequests(RouteDispatcher dispatcher, SuspendedRequests suspended, Tasks tasks,
                       Function<String, JsonNode> toolDescriptor, boolean tasksOffered, long relayTimeoutMillis) {
        this.dispatcher = dispatcher;
        this.suspended = suspended;
        this.tasks = tasks;
        this.toolDescriptor = toolDescriptor;
        this.tasksOffered = tasksOffered;
        this.relayTimeoutMillis = relayTimeoutMillis;
    }

    void start(RoutingContext ctx, IncomingMessage in, StatelessRequest request) {
        GatewayUser user = BearerAuthentication.user(ctx);
        String subject = user == null ? null : user.subject();
        String method = in.method();
        JsonNode id = in.id();
        ResponseStream response = new ResponseStream(ctx);
        ObjectNode params = McpRequests.params(in.message());
        JsonNode targetNode = params.get(StatelessRequest.NAME_FIELD.get(method));
        String target = targetNode == null ? null : targetNode.asText();
        if (tasksOffered && "tools/call".equals(method) && target != null && params.get("requestState") == null) {
            String support = Tasks.support(toolDescriptor.apply(target));
            if ("required".equals(support) && !Tasks.declared(request)) {
                response.finish(400, Tasks.missingExtension(id, "tool " + target + " runs only as a task"), null);
                return;
            }
            if (!"forbidden".equals(support) && Tasks.declared(request)) {
                startTask(ctx, in, request, target, subject, response);
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
        SuspendedRequest run;
        if (state != null) {
            try {
                run = suspended.resume(state.textValue(), method, target, subject,
                        answers == null ? Json.object() : answers);
            } catch (McpProtocolException e) {
                response.finish(200, JsonRpc.error(id, e), null);
                return;
            }
        } else {
            run = new SuspendedRequest(method, target, subject);
            ClientChannel channel = new ClientChannel(request, run, id,
                    response.streaming() ? run::notify : null, relayTimeoutMillis);
            run.cancelWith(channel::cancel);
            dispatcher.dispatch(in, user, null, request, channel,
                    e -> run.complete(200, StatelessEraHandler.answer(id, channel, e.getMessage().getBody(JsonNode.class))),
                    body -> run.complete(500, body));
        }
        round(ctx, run, method, id, response);
    }

    /**
     * Runs a {@code tools/call} as a task: the upstream call goes on in the background (its questions wait for
     * {@code tasks/update}), and the client gets the {@code CreateTaskResult} at once.
     */
    private void startTask(RoutingContext ctx, IncomingMessage in, StatelessRequest request, String tool,
                           String subject, ResponseStream response) {
        JsonNode id = in.id();
        if (!tasks.hasRoom()) {
            response.finish(200, JsonRpc.error(id, McpProtocolException.INTERNAL_ERROR,
                    "Too many tasks are running; try again later"), null);
            return;
        }
        SuspendedRequest run = new SuspendedRequest("tools/call", tool, subject);
        ClientChannel channel = new ClientChannel(request, run, id, null, relayTimeoutMillis);
        run.cancelWith(channel::cancel);
        ObjectNode created = tasks.create(run, subject);
        dispatcher.dispatch(in, BearerAuthentication.user(ctx), null, request, channel, e -> {
            UpstreamException failed = upstreamFailure(e.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class));
            run.complete(200, failed == null
                    ? StatelessEraHandler.answer(id, channel, e.getMessage().getBody(JsonNode.class))
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
        request.stream(response.streaming() ? response::event : null);
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
}
