package io.toolgate.codemode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.toolgate.error.ExecutionErrorException;
import io.toolgate.error.GatewayException;
import io.toolgate.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Warm code-mode worker processes outside the gateway's heap, each capped at the run memory limit. A run takes a free
 * worker, answers its nested calls on a bounded executor and returns its outcome. A worker that exits, runs out of
 * memory or overruns its duration by {@link #GRACE_MILLIS} is killed with its descendants and replaced.
 */
public final class WorkerPool implements AutoCloseable {

    static final long GRACE_MILLIS = 2_000;
    private static final long START_MILLIS = 120_000;
    private static final int NESTED_QUEUE = 1_000;
    private static final Logger LOG = LoggerFactory.getLogger(WorkerPool.class);

    private final List<String> command;
    private final BlockingQueue<WorkerProcess> idle = new LinkedBlockingQueue<>();
    private final Set<WorkerProcess> live = ConcurrentHashMap.newKeySet();
    private final ExecutorService starter = Executors.newCachedThreadPool(r -> daemon(r, "codemode-starter"));
    private final ThreadPoolExecutor nested;
    private final AtomicLong runs = new AtomicLong();
    private volatile boolean closed;
    private volatile boolean warm;

    /**
     * @param size workers kept warm
     * @param maxMemoryBytes heap cap of each worker JVM
     * @param classpath the classpath the workers run with (the gateway's own)
     * @param nestedThreads nested calls executed at once across all runs
     */
    public WorkerPool(int size, long maxMemoryBytes, String classpath, int nestedThreads) {
        this.command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + maxMemoryBytes, "-XX:+UseSerialGC", "-XX:-UsePerfData", "-cp", classpath,
                CodeModeWorker.class.getName());
        this.nested = new ThreadPoolExecutor(nestedThreads, nestedThreads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(NESTED_QUEUE), r -> daemon(r, "codemode-nested"));
        for (int i = 0; i < size; i++) {
            starter.execute(this::spawn);
        }
    }

    /** True once a worker has warmed up: from then on a run starts without paying for a worker's start. */
    public boolean warm() {
        return warm;
    }

    /** Waits until {@code count} workers are idle and warm; false when they are not in time. */
    public boolean awaitIdle(int count, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (idle.size() < count) {
            if (System.currentTimeMillis() >= deadline) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(10);
        }
        return true;
    }

    /** Runs the code on a free worker; the tools are the global function names the code may call. */
    public RunOutcome run(String code, List<String> tools, RunLimits limits, NestedCalls calls)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + limits.durationMillis() + GRACE_MILLIS;
        WorkerProcess worker = idle.poll(limits.durationMillis(), TimeUnit.MILLISECONDS);
        if (worker == null) {
            return RunOutcome.failure(WorkerProtocol.TIMEOUT, "No code-mode worker became free within the duration "
                    + "limit (" + limits.durationMillis() + " ms)", null, List.of());
        }
        long id = runs.incrementAndGet();
        if (!worker.send(WorkerProtocol.run(id, code, tools, limits))) {
            return breached(worker, ended());
        }
        while (true) {
            JsonNode m = worker.next(deadline - System.currentTimeMillis());
            if (m == null) {
                return breached(worker, RunOutcome.failure(WorkerProtocol.TIMEOUT, "Code mode exceeded its duration "
                        + "limit (" + limits.durationMillis() + " ms); the worker was stopped", null, List.of()));
            }
            if (m == WorkerProcess.EXITED) {
                return breached(worker, ended());
            }
            String type = m.path("type").asText();
            if (WorkerProtocol.CALL.equals(type) && m.path("run").asLong() == id) {
                answer(worker, id, m, calls);
            } else if (WorkerProtocol.DONE.equals(type) && m.path("run").asLong() == id) {
                RunOutcome outcome = RunOutcome.fromDone(m);
                if (WorkerProtocol.RESOURCE_LIMIT.equals(outcome.errorCode())) {
                    return breached(worker, outcome);
                }
                idle.add(worker);
                return outcome;
            }
        }
    }

    private void answer(WorkerProcess worker, long run, JsonNode call, NestedCalls calls) {
        int n = call.path("call").asInt();
        String tool = call.path("tool").asText();
        try {
            nested.execute(() -> worker.send(invoke(run, n, tool, call.path("arguments"), calls)));
        } catch (RejectedExecutionException e) {
            worker.send(WorkerProtocol.resultError(run, n, ExecutionErrorException.CODE,
                    "Too many nested tool calls are waiting in the gateway", null));
        }
    }

    private static JsonNode invoke(long run, int n, String tool, JsonNode arguments, NestedCalls calls) {
        try {
            JsonNode value = calls.call(tool, arguments);
            return WorkerProtocol.resultOk(run, n, value == null ? NullNode.instance : value);
        } catch (GatewayException e) {
            return WorkerProtocol.resultError(run, n, e.code(), e.getMessage(), e.details());
        } catch (RuntimeException e) {
            LOG.warn("code-mode nested call to {} failed", tool, e);
            return WorkerProtocol.resultError(run, n, ExecutionErrorException.CODE,
                    "Tool '" + tool + "' failed: " + e.getMessage(), Json.object().put("tool", tool));
        }
    }

    private static RunOutcome ended() {
        return RunOutcome.failure(WorkerProtocol.RESOURCE_LIMIT, "The code-mode worker ended during the run "
                + "(memory limit or crash)", Json.object().put("limit", "memory"), List.of());
    }

    /** Kills the worker, starts its replacement and returns the run's outcome. */
    private RunOutcome breached(WorkerProcess worker, RunOutcome outcome) {
        retire(worker);
        if (!closed) {
            starter.execute(this::spawn);
        }
        return outcome;
    }

    private void retire(WorkerProcess worker) {
        worker.kill();
        live.remove(worker);
    }

    private void spawn() {
        WorkerProcess worker;
        try {
            worker = WorkerProcess.start(command);
        } catch (IOException e) {
            LOG.error("code-mode worker could not start: {}", e.getMessage());
            return;
        }
        live.add(worker);
        try {
            long deadline = System.currentTimeMillis() + START_MILLIS;
            JsonNode m;
            do {
                m = worker.next(deadline - System.currentTimeMillis());
            } while (m != null && m != WorkerProcess.EXITED && !WorkerProtocol.READY.equals(m.path("type").asText()));
            if (m == null || m == WorkerProcess.EXITED || closed) {
                LOG.error("code-mode worker {} did not become ready", worker.pid());
                retire(worker);
                return;
            }
            idle.add(worker);
            warm = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            retire(worker);
        }
    }

    /** Kills every worker; runs in progress end as if their worker had exited. */
    @Override
    public void close() {
        closed = true;
        starter.shutdownNow();
        nested.shutdownNow();
        live.forEach(this::retire);
        idle.clear();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
