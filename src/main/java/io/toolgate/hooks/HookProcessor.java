package io.toolgate.hooks;

import io.toolgate.exchange.ExchangeProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.toolgate.registry.ToolEntry;
import io.toolgate.exchange.UpstreamHeaders;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * One step of the hook lifecycle in a route. {@link Stage#AUTHENTICATE} runs once per {@code tools/call} and keeps the
 * user in {@link ExchangeProperties#USER}; {@link Stage#BEFORE_EXECUTE} builds the {@link ExecutionContext} the later stages share. With
 * no hooks configured every stage does nothing.
 */
public final class HookProcessor implements Processor {


    public enum Stage { AUTHENTICATE, BEFORE_EXECUTE, ON_ERROR, TRANSFORM_RESULT, AFTER_EXECUTE }

    private final HookChain hooks;
    private final Stage stage;

    public HookProcessor(HookChain hooks, Stage stage) {
        this.hooks = hooks;
        this.stage = stage;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        if (hooks.isEmpty()) {
            if (stage == Stage.ON_ERROR) {
                throw caught(exchange);
            }
            return;
        }
        ExecutionContext context = exchange.getProperty(ExchangeProperties.EXECUTION_CONTEXT, ExecutionContext.class);
        switch (stage) {
            case AUTHENTICATE -> {
                GatewayUser user = hooks.authenticate(Visibility.headers(exchange));
                if (user != null) {
                    exchange.setProperty(ExchangeProperties.USER, user);
                }
            }
            case BEFORE_EXECUTE -> {
                context = new ExecutionContext(exchange.getProperty(ExchangeProperties.TOOL_ENTRY, ToolEntry.class),
                        exchange.getIn().getBody(ObjectNode.class), Visibility.headers(exchange), Visibility.user(exchange),
                        exchange.getIn().getHeader(UpstreamHeaders.META, JsonNode.class));
                exchange.setProperty(ExchangeProperties.EXECUTION_CONTEXT, context);
                hooks.beforeExecute(context);
                exchange.getIn().setBody(context.arguments());
            }
            case ON_ERROR -> {
                Exception e = caught(exchange);
                hooks.onError(context, e);
                throw e;
            }
            case TRANSFORM_RESULT -> exchange.getIn().setBody(
                    hooks.transformResult(context, exchange.getIn().getBody(ObjectNode.class)));
            case AFTER_EXECUTE -> exchange.getIn().setBody(
                    hooks.afterExecute(context, exchange.getIn().getBody(ObjectNode.class)));
        }
    }

    private static Exception caught(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        return e != null ? e : new IllegalStateException("upstream call failed");
    }
}
