package io.toolgate.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.toolgate.json.Json;
import io.toolgate.error.GatewayException;
import io.toolgate.error.HookFailedException;
import io.toolgate.registry.ToolEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The configured hooks, in order, with the gateway's error semantics: {@link ExecutionDenied} becomes a tool error with
 * the hook's message and code; any other exception becomes {@code hook_error} and is logged with the hook's class;
 * exceptions in {@code onError} are logged and ignored. With no hooks every method is a no-op and nothing is read.
 * The Java hooks come first, then the YAML extension routes; the execute pipeline runs each of the two as a step of
 * its own ({@link #javaHooks()}, {@link #extensionRoutes()}), which is the same as running the whole chain.
 */
public final class HookChain {

    private static final Logger LOG = LoggerFactory.getLogger(HookChain.class);
    private volatile List<GatewayHook> hooks;
    /** The hooks given to the constructor alone, and the appended extension routes alone; null within those two. */
    private final HookChain javaHooks;
    private final HookChain extensionRoutes;

    public HookChain(List<GatewayHook> hooks) {
        this(List.copyOf(hooks), new HookChain(List.copyOf(hooks), null, null), new HookChain(List.of(), null, null));
    }

    private HookChain(List<GatewayHook> hooks, HookChain javaHooks, HookChain extensionRoutes) {
        this.hooks = hooks;
        this.javaHooks = javaHooks;
        this.extensionRoutes = extensionRoutes;
    }

    /** Adds a hook after the configured ones (the YAML extension routes, found once the routes are loaded). */
    public synchronized void append(GatewayHook hook) {
        List<GatewayHook> all = new ArrayList<>(hooks);
        all.add(hook);
        hooks = List.copyOf(all);
        if (extensionRoutes != null) {
            extensionRoutes.append(hook);
        }
    }

    /** The hooks this chain was built with (the output guard, {@code GATEWAY_HOOK_CLASSES}), without the routes. */
    public HookChain javaHooks() {
        return javaHooks;
    }

    /** The hooks appended to this chain: the YAML routes at the {@code direct:hook-*} extension points. */
    public HookChain extensionRoutes() {
        return extensionRoutes;
    }

    public boolean isEmpty() {
        return hooks.isEmpty();
    }

    public List<GatewayHook> hooks() {
        return hooks;
    }

    /** Every {@code onAuthenticate}, in order; the last non-null user wins. */
    public GatewayUser authenticate(Map<String, String> headers) {
        GatewayUser user = null;
        for (GatewayHook h : hooks) {
            GatewayUser u = run(h, "onAuthenticate", null, () -> h.onAuthenticate(headers));
            if (u != null) {
                user = u;
            }
        }
        return user;
    }

    /** Every {@code authorizeCodeMode}; the first that refuses ends the call with {@code forbidden}. */
    public void authorizeCodeMode(GatewayUser user, Map<String, String> headers) {
        for (GatewayHook h : hooks) {
            if (!run(h, "authorizeCodeMode", null, () -> h.authorizeCodeMode(user, headers))) {
                throw new GatewayException(ExecutionDenied.DEFAULT_CODE, "code_mode is not permitted for this user", null);
            }
        }
    }

    public void beforeExecute(ExecutionContext context) {
        for (GatewayHook h : hooks) {
            run(h, "beforeExecute", context, () -> {
                h.beforeExecute(context);
                return null;
            });
        }
    }

    public ObjectNode transformResult(ExecutionContext context, ObjectNode result) {
        return pipeline("transformResult", context, result, GatewayHook::transformResult);
    }

    public ObjectNode afterExecute(ExecutionContext context, ObjectNode result) {
        return pipeline("afterExecute", context, result, GatewayHook::afterExecute);
    }

    /** Passes the result through every hook's {@code stage}, each getting the previous output. */
    private ObjectNode pipeline(String stage, ExecutionContext context, ObjectNode result, ResultStage call) {
        ObjectNode current = result;
        for (GatewayHook h : hooks) {
            ObjectNode in = current;
            current = checkResult(h, stage, context, run(h, stage, context, () -> call.apply(h, context, in)));
        }
        return current;
    }

    @FunctionalInterface
    private interface ResultStage {
        ObjectNode apply(GatewayHook hook, ExecutionContext context, ObjectNode result);
    }

    public void onError(ExecutionContext context, Exception error) {
        for (GatewayHook h : hooks) {
            try {
                h.onError(context, error);
            } catch (RuntimeException e) {
                LOG.warn("Hook {}.onError raised an exception (suppressed)", h.getClass().getName(), e);
            }
        }
    }

    /** Every {@code afterListTools}, pipelined; each hook gets its own copy of the previous output. */
    public List<ToolEntry> afterListTools(List<ToolEntry> tools, ListToolsContext context) {
        List<ToolEntry> current = tools;
        for (GatewayHook h : hooks) {
            List<ToolEntry> in = new ArrayList<>(current);
            List<ToolEntry> out = run(h, "afterListTools", null, () -> h.afterListTools(in, context));
            if (out == null) {
                throw failed(h, "afterListTools", null, new IllegalStateException("returned null"));
            }
            current = out;
        }
        return current;
    }

    private static <T> T run(GatewayHook hook, String stage, ExecutionContext context, Supplier<T> call) {
        try {
            return call.get();
        } catch (ExecutionDenied denied) {
            throw new GatewayException(denied.code(), denied.getMessage(), details(context));
        } catch (RuntimeException e) {
            throw failed(hook, stage, context, e);
        }
    }

    private static ObjectNode checkResult(GatewayHook hook, String stage, ExecutionContext context, ObjectNode result) {
        JsonNode content = result == null ? null : result.get("content");
        if (content == null || !content.isArray()) {
            throw failed(hook, stage, context, new IllegalStateException("returned no result with a 'content' array"));
        }
        return result;
    }

    private static HookFailedException failed(GatewayHook hook, String stage, ExecutionContext context, Exception e) {
        LOG.warn("Hook {}.{} failed{}", hook.getClass().getName(), stage,
                context == null ? "" : " for tool '" + context.tool().name() + "'", e);
        return new HookFailedException(details(context), e);
    }

    private static ObjectNode details(ExecutionContext context) {
        if (context == null) {
            return null;
        }
        ObjectNode details = Json.object();
        details.put("tool", context.tool().name());
        details.put("domain", context.tool().domain());
        return details;
    }
}
