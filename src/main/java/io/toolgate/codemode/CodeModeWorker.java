package io.toolgate.codemode;

import com.fasterxml.jackson.databind.JsonNode;
import io.toolgate.json.Json;
import org.graalvm.polyglot.Engine;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The code-mode worker process: warms a shared JavaScript engine, says {@code ready}, then executes runs one at a
 * time as {@link WorkerProtocol} describes. Each run gets its own thread, whose stack size bounds the recursion depth.
 * On running out of memory it reports {@code resource_limit} if it still can and exits; it exits when stdin closes.
 */
public final class CodeModeWorker {

    /** Exit status after running out of memory. */
    static final int EXIT_OUT_OF_MEMORY = 3;
    private static final long BASE_STACK = 512 * 1024;
    private static final long STACK_PER_CALL = 3 * 1024;

    private final OutputStream out;
    private volatile boolean outOfMemory;
    private final Engine engine;
    private final ScriptBody scripts;
    private final BlockingQueue<JsonNode> runs = new LinkedBlockingQueue<>();
    /** The results of the current run's nested calls; each run gets its own. */
    private volatile BlockingQueue<JsonNode> inbox = new LinkedBlockingQueue<>();
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "codemode-watchdog");
        t.setDaemon(true);
        return t;
    });

    private CodeModeWorker(OutputStream out) {
        this.out = out;
        this.engine = Engine.newBuilder("js").option("engine.WarnInterpreterOnly", "false").build();
        this.scripts = new ScriptBody(engine);
    }

    public static void main(String[] args) throws InterruptedException {
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> {
            e.printStackTrace(System.err);
            Runtime.getRuntime().halt(e instanceof OutOfMemoryError ? EXIT_OUT_OF_MEMORY : 1);
        });
        OutputStream protocol = new FileOutputStream(FileDescriptor.out);
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8));
        CodeModeWorker worker = new CodeModeWorker(protocol);
        RunOutcome warm = worker.execute(WorkerProtocol.run(0, "const x = [1, 2].map(n => n * 2); JSON.stringify({ x }); x.length",
                List.of(), new RunLimits(10_000, 1_000_000, 0, 1, 100)));
        if (!warm.ok()) {
            throw new IllegalStateException("code-mode worker warm-up failed: " + warm.errorMessage());
        }
        Thread reader = new Thread(worker::read, "codemode-stdin");
        reader.setDaemon(true);
        reader.start();
        worker.send(WorkerProtocol.ready());
        while (true) {
            JsonNode run = worker.runs.take();
            worker.send(worker.execute(run).toDone(run.path("id").asLong()));
            if (worker.outOfMemory) {
                Runtime.getRuntime().halt(EXIT_OUT_OF_MEMORY);
            }
        }
    }

    private RunOutcome execute(JsonNode run) {
        long id = run.path("id").asLong();
        RunLimits limits = RunLimits.fromJson(run.path("limits"));
        List<String> tools = new ArrayList<>();
        run.path("tools").forEach(t -> tools.add(t.path("name").asText()));
        String body;
        try {
            body = scripts.prepare(run.path("code").asText());
        } catch (ScriptBody.SyntaxFailure e) {
            return RunOutcome.failure(WorkerProtocol.SYNTAX_ERROR, e.getMessage(), e.details(), List.of());
        }
        inbox = new LinkedBlockingQueue<>();
        SandboxRun sandbox = new SandboxRun(engine, id, body, tools, limits, inbox, this::send);
        RunOutcome[] result = new RunOutcome[1];
        Thread thread = new Thread(null, () -> {
            try {
                result[0] = sandbox.execute();
            } catch (OutOfMemoryError e) {
                outOfMemory = true;
                result[0] = RunOutcome.failure(WorkerProtocol.RESOURCE_LIMIT, "Code mode exceeded its memory limit",
                        Json.object().put("limit", "memory"), List.of());
            }
        }, "codemode-run-" + id,
                BASE_STACK + STACK_PER_CALL * limits.recursionDepth());
        ScheduledFuture<?> deadline = watchdog.schedule(sandbox::cancel, limits.durationMillis(), TimeUnit.MILLISECONDS);
        thread.start();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            deadline.cancel(false);
        }
        return result[0];
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode m = Json.parse(line);
                switch (m.path("type").asText()) {
                    case WorkerProtocol.RUN -> runs.add(m);
                    case WorkerProtocol.RESULT -> inbox.add(m);
                    default -> System.err.println("codemode worker: unknown message type " + m.path("type"));
                }
            }
        } catch (IOException e) {
            System.err.println("codemode worker: stdin failed: " + e);
        }
        Runtime.getRuntime().halt(0);
    }

    private synchronized void send(JsonNode message) {
        try {
            out.write(Json.write(message).getBytes(StandardCharsets.UTF_8));
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
