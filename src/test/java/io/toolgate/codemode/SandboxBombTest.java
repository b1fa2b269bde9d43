package io.toolgate.codemode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Runaway code is stopped within its limit, its worker replaced if needed, and the next run succeeds. */
class SandboxBombTest {

    static final RunLimits LIMITS = new RunLimits(3_000, Long.MAX_VALUE, 50, 4, 200);
    static WorkerPool pool;

    @BeforeAll
    static void start() throws InterruptedException {
        pool = new WorkerPool(2, 64L * 1024 * 1024, System.getProperty("java.class.path"), 4);
        assertThat(pool.awaitIdle(2, 120_000)).isTrue();
    }

    @AfterAll
    static void stop() {
        pool.close();
    }

    static RunOutcome run(String code) throws InterruptedException {
        return pool.run(code, List.of(), LIMITS, (t, a) -> null);
    }

    /** Once the pool has a warm worker again (a replaced worker takes seconds to start), a run succeeds. */
    static void nextRunSucceeds() throws InterruptedException {
        assertThat(pool.awaitIdle(1, 120_000)).as("a warm worker").isTrue();
        RunOutcome out = run("'alive'");
        assertThat(out.ok()).as("%s: %s", out.errorCode(), out.errorMessage()).isTrue();
        assertThat(out.value().asText()).isEqualTo("alive");
    }

    @Test
    void infiniteLoopTimesOutWithinDurationPlusTwoSeconds() throws InterruptedException {
        long t0 = System.nanoTime();
        RunOutcome out = run("while (true) {}");
        assertThat(out.errorCode()).isEqualTo(WorkerProtocol.TIMEOUT);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(LIMITS.durationMillis() + 2_000);
        nextRunSucceeds();
    }

    @Test
    void deepRecursionHitsTheRecursionLimit() throws InterruptedException {
        assertThat(run("function f(n) { return n === 0 ? 0 : 1 + f(n - 1) } f(200)").value().asInt()).isEqualTo(200);
        assertThat(run("function f(n) { return f(n + 1) } f(0)").errorCode()).isEqualTo(WorkerProtocol.RECURSION_LIMIT);
        RunOutcome depth = run("let d = 0; function f() { d++; f() } try { f() } catch (e) { }\nd");
        System.out.println("code mode: recursion depth reached with limit 200: " + depth.value());
        assertThat(depth.value().asInt()).isBetween(200, 2_000);
        nextRunSucceeds();
    }

    @Test
    void statementLimitEndsTheRun() throws InterruptedException {
        RunOutcome out = pool.run("let i = 0; for (;;) { i++ }", List.of(), new RunLimits(10_000, 100_000, 1, 1, 200),
                (t, a) -> null);
        assertThat(out.errorCode()).isEqualTo(WorkerProtocol.RESOURCE_LIMIT);
        assertThat(out.errorDetails().path("limit").asText()).isEqualTo("statements");
        nextRunSucceeds();
    }

    @Test
    void allocationBombIsAResourceLimitAndTheWorkerIsReplaced() throws InterruptedException {
        RunOutcome out = run("const a = []; for (;;) { a.push(new Array(10000).fill([1, 2, 3])) }");
        assertThat(out.errorCode()).isEqualTo(WorkerProtocol.RESOURCE_LIMIT);
        nextRunSucceeds();
        nextRunSucceeds();
    }

    @Test
    void hundredMegabyteStringIsAResourceLimit() throws InterruptedException {
        RunOutcome out = run("const s = 'x'.repeat(100 * 1024 * 1024); s.split('').length");
        assertThat(out.errorCode()).isIn(WorkerProtocol.RESOURCE_LIMIT);
        nextRunSucceeds();
    }

    @Test
    void pendingPromiseFloodIsBounded() throws InterruptedException {
        long t0 = System.nanoTime();
        RunOutcome out = run("const ps = []; for (let i = 0; i < 1e6; i++) { ps.push(new Promise(() => {})) }\n"
                + "await Promise.all(ps)");
        assertThat(out.ok()).isFalse();
        assertThat(out.errorCode()).isIn(WorkerProtocol.SANDBOX_ERROR, WorkerProtocol.RESOURCE_LIMIT,
                WorkerProtocol.TIMEOUT);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0))
                .isLessThan(LIMITS.durationMillis() + WorkerPool.GRACE_MILLIS + 1_000);
        nextRunSucceeds();
    }

    @Test
    void anotherRunCompletesWhileABombRuns() throws Exception {
        CompletableFuture<RunOutcome> bomb = CompletableFuture.supplyAsync(() -> {
            try {
                return run("const a = []; for (;;) { a.push('y'.repeat(1000) + a.length) }");
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        long t0 = System.nanoTime();
        assertThat(pool.run("[1, 2, 3].reduce((a, b) => a + b)", List.of(), LIMITS, (t, a) -> null).value().asInt())
                .isEqualTo(6);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(1_000);
        assertThat(bomb.get(20, TimeUnit.SECONDS).errorCode()).isIn(WorkerProtocol.RESOURCE_LIMIT,
                WorkerProtocol.TIMEOUT);
        nextRunSucceeds();
    }
}
