package io.toolgate.codemode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.toolgate.json.Json;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.EnvironmentAccess;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.ResourceLimits;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.IOAccess;
import org.graalvm.polyglot.proxy.ProxyExecutable;
import org.graalvm.polyglot.proxy.ProxyObject;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * One run in a fresh context on the worker's shared engine, executed on the calling thread: no host, polyglot, IO,
 * thread, process or environment access, and only the globals the prelude installs besides the language's own.
 * Nested-call results arrive on the inbox and are delivered on this thread, whose job queue runs after each delivery.
 */
final class SandboxRun {

    static final JsonNode TIMEOUT_MARK = Json.object().put("type", "timeout");

    private static final Source PRELUDE = prelude();
    /** The statement limit counts the caller's code, not the prelude's; one filter instance for the whole engine. */
    private static final Predicate<org.graalvm.polyglot.Source> NOT_PRELUDE = s -> !"prelude.js".equals(s.getName());

    private final org.graalvm.polyglot.Engine engine;
    private final long id;
    private final String body;
    private final List<String> tools;
    private final RunLimits limits;
    private final BlockingQueue<JsonNode> inbox;
    private final NestedCallGate gate;
    private final ConsoleLog logs = new ConsoleLog();
    private volatile Context context;
    private volatile boolean timedOut;
    private RunOutcome outcome;

    SandboxRun(org.graalvm.polyglot.Engine engine, long id, String body, List<String> tools, RunLimits limits,
               BlockingQueue<JsonNode> inbox, Consumer<JsonNode> send) {
        this.engine = engine;
        this.id = id;
        this.body = body;
        this.tools = tools;
        this.limits = limits;
        this.inbox = inbox;
        this.gate = new NestedCallGate(id, limits, send);
    }

    /** Ends the run as a timeout: cancels the script if it is running, wakes the loop if it is waiting. */
    void cancel() {
        timedOut = true;
        inbox.offer(TIMEOUT_MARK);
        Context c = context;
        if (c != null) {
            c.close(true);
        }
    }

    RunOutcome execute() {
        try (Context c = newContext()) {
            context = c;
            if (timedOut) {
                return timeout();
            }
            Value api = c.eval(PRELUDE).execute(host(), Json.write(Json.array(tools)), limits.nestedCalls());
            api.invokeMember("start", body);
            while (outcome == null) {
                if (gate.idle() && inbox.isEmpty()) {
                    return failure(WorkerProtocol.SANDBOX_ERROR, "The code awaits a promise that never settles", null);
                }
                JsonNode m = inbox.poll(limits.durationMillis(), TimeUnit.MILLISECONDS);
                if (m == null || m == TIMEOUT_MARK || timedOut) {
                    return timeout();
                }
                int call = m.path("call").asInt();
                if (m.path("run").asLong() == id && gate.complete(call)) {
                    boolean ok = m.path("ok").asBoolean();
                    api.invokeMember("deliver", call, ok, Json.write(ok ? m.get("value") : m.get("error")));
                }
            }
            return outcome;
        } catch (PolyglotException e) {
            return fromPolyglot(e);
        } catch (IllegalStateException e) {
            if (timedOut) {
                return timeout();
            }
            return failure(WorkerProtocol.SANDBOX_ERROR, "The sandbox failed: " + e.getMessage(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return timeout();
        }
    }

    private RunOutcome fromPolyglot(PolyglotException e) {
        if (e.isResourceExhausted() || e.isHostException() && e.asHostException() instanceof OutOfMemoryError) {
            String message = String.valueOf(e.getMessage());
            if (message.startsWith("Statement count limit")) {
                ObjectNode d = Json.object().put("limit", "statements").put("max", limits.statements());
                return failure(WorkerProtocol.RESOURCE_LIMIT, "Code mode exceeded the statement limit ("
                        + limits.statements() + ")", d);
            }
            throw new OutOfMemoryError(message);
        }
        if (timedOut || e.isCancelled()) {
            return timeout();
        }
        String message = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
        return failure(WorkerProtocol.SANDBOX_ERROR, message, null);
    }

    private RunOutcome timeout() {
        ObjectNode d = Json.object().put("duration_ms", limits.durationMillis());
        return failure(WorkerProtocol.TIMEOUT, "Code mode exceeded its duration limit (" + limits.durationMillis()
                + " ms)", d);
    }

    private RunOutcome failure(String code, String message, ObjectNode details) {
        return RunOutcome.failure(code, message, details, logs.lines());
    }

    private Context newContext() {
        return isolated(engine)
                .resourceLimits(ResourceLimits.newBuilder().statementLimit(limits.statements(), NOT_PRELUDE).build())
                .build();
    }

    /** A context builder with every access denied; all contexts of the engine must share this configuration. */
    static Context.Builder isolated(org.graalvm.polyglot.Engine engine) {
        return Context.newBuilder("js").engine(engine)
                .allowHostAccess(HostAccess.NONE).allowHostClassLoading(false)
                .allowIO(IOAccess.NONE).allowCreateThread(false)
                .allowCreateProcess(false).allowNativeAccess(false).allowEnvironmentAccess(EnvironmentAccess.NONE)
                .in(new ByteArrayInputStream(new byte[0])).out(OutputStream.nullOutputStream())
                .err(OutputStream.nullOutputStream())
                .option("js.load", "false").option("js.print", "false").option("js.graal-builtin", "false")
                .option("js.console", "false");
    }

    private ProxyObject host() {
        ProxyExecutable call = a -> gate.start(a[0].asString(), a[1].asString());
        ProxyExecutable log = a -> {
            logs.add(a[0].asString(), a[1].asString());
            return null;
        };
        ProxyExecutable done = a -> {
            outcome = RunOutcome.success(Json.parse(a[0].asString()), logs.lines());
            return null;
        };
        ProxyExecutable fail = a -> {
            JsonNode e = Json.parse(a[0].asString());
            JsonNode details = e.get("details");
            outcome = failure(e.path("code").asText(), e.path("message").asText(),
                    details instanceof ObjectNode o ? o : null);
            return null;
        };
        return ProxyObject.fromMap(Map.of("call", call, "log", log, "done", done, "fail", fail));
    }

    private static Source prelude() {
        try (var in = SandboxRun.class.getResourceAsStream("prelude.js")) {
            String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            return Source.newBuilder("js", text, "prelude.js").buildLiteral();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
