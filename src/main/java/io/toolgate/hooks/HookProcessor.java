package io.toolgate.hooks;

import io.toolgate.exchange.ExchangeProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.toolgate.registry.ToolEntry;
import io.toolgate.exchange.UpstreamHeaders;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * One step of the hook lifecycle in a route: one stage of the hooks in {@code stageHooks}, all of the chain or a part
 * of it ({@link HookChain#javaHooks()}, {@link HookChain#extensionRoutes()}). {@link Stage#AUTHENTICATE} runs once per
 * {@code tools/call} and keeps the user in {@link ExchangeProperties#USER}, unless the {@code /mcp} entry already
 * authenticated the request ({@link ExchangeProperties#AUTHENTICATED}); the first {@link Stage#BEFORE_EXECUTE}
 * step builds the {@link ExecutionContext} the later stages share; {@link Stage#ON_ERROR} tells the hooks about the failure the route
 * caught, and the route goes on with it. With no hooks configured every stage does nothing.
 */
public final class HookProcessor implements Processor {

    public enum Stage { AUTHENTICATE, BEFORE_EXECUTE, ON_ERROR, TRANSFORM_RESULT, AFTER_EXECUTE }

    private final HookChain hooks;
    private final HookChain stageHooks;
    private final Stage stage;

    /** The stage of every hook of the chain. */
    public HookProcessor(HookChain hooks, Stage stage) {
        this(hooks, hooks, stage);
    }

    /** The stage of {@code stageHooks} alone, a part of {@code hooks}. */
    public HookProcessor(HookChain hooks, HookChain stageHooks, Stage stage) {
        this.hooks = hooks;
        this.stageHooks = stageHooks;
        this.stage = stage;
    }

    @Override
    public void process(Exchange exchange) {
        if (hooks.isEmpty()) {
            return;
        }
        ExecutionContext context = exchange.getProperty(ExchangeProperties.EXECUTION_CONTEXT, ExecutionContext.class);
        switch (stage) {
            case AUTHENTICATE -> {
                if (Boolean.TRUE.equals(exchange.getProperty(ExchangeProperties.AUTHENTICATED))) {
                    return;
                }
                GatewayUser user = stageHooks.authenticate(Visibility.headers(exchange));
                if (user != null) {
                    exchange.setProperty(ExchangeProperties.USER, user);
                }
            }
            case BEFORE_EXECUTE -> {
                if (context == null) {
                    context = new ExecutionContext(exchange.getProperty(ExchangeProperties.TOOL_ENTRY, ToolEntry.class),
                            exchange.getIn().getBody(ObjectNode.class), Visibility.headers(exchange),
                            Visibility.user(exchange), exchange.getIn().getHeader(UpstreamHeaders.META, JsonNode.class));
                    exchange.setProperty(ExchangeProperties.EXECUTION_CONTEXT, context);
                }
                stageHooks.beforeExecute(context);
                exchange.getIn().setBody(context.arguments());
            }
            case ON_ERROR -> {
                Exception caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
                stageHooks.onError(context, caught != null ? caught : new IllegalStateException("upstream call failed"));
            }
            case TRANSFORM_RESULT -> exchange.getIn().setBody(
                    stageHooks.transformResult(context, exchange.getIn().getBody(ObjectNode.class)));
            case AFTER_EXECUTE -> exchange.getIn().setBody(
                    stageHooks.afterExecute(context, exchange.getIn().getBody(ObjectNode.class)));
        }
    }
}
