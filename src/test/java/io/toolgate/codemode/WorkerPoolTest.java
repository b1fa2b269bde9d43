package io.toolgate.codemode;

import io.toolgate.error.GatewayException;
import io.toolgate.json.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Real worker processes: results, nested calls, errors and limits. */
class WorkerPoolTest {

    static final RunLimits LIMITS = new RunLimits(10_000, 10_000_000, 50, 4, 200);
    static WorkerPool pool;
    static long firstRunMillis;

    @BeforeAll
    static void start() throws InterruptedException {
        pool = new WorkerPool(2, 128L * 1024 * 1024, System.getProperty("java.class.path"), 8);
        assertThat(pool.awaitIdle(2, 120_000)).isTrue();
        long t0 = System.nanoTime();
        RunOutcome first = pool.run("1 + 1", List.of(), LIMITS, (t, a) -> null);
        firstRunMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertThat(first.value().asInt()).isEqualTo(2);
    }

    @AfterAll
    static void stop() {
        pool.close();
    }

    static RunOutcome run(String code, NestedCalls calls, String... tools) throws InterruptedException {
        return pool.run(code, List.of(tools), LIMITS, calls);
    }

    @Test
    void firstRunAfterStartIsFastAndWarmRunsAreFaster() throws InterruptedException {
        long t0 = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            assertThat(run("const a = await f({}); a.n", (t, a) -> Json.object().put("n", 1), "f").ok()).isTrue();
        }
        long warm = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) / 20;
        System.out.println("code mode: first run " + firstRunMillis + " ms, warm run with one nested call " + warm + " ms");
        assertThat(firstRunMillis).isLessThanOrEqualTo(1_000);
    }

    @Test
    void lastExpressionReturnAndJsonValues() throws InterruptedException {
        assertThat(run("const x = 2;\nx * 21", null).value().asInt()).isEqualTo(42);
        assertThat(run("let d = 0; function r(n) { return n == 0 ? 0 : 1 + r(n - 1) } r(5)", null).value().asInt())
                .isEqualTo(5);
        assertThat(run("if (true) { return 'early' }\n'late'", null).value().asText()).isEqualTo("early");
        assertThat(run("({ a: [1, 'two', null, true], b: { c: 1.5 } })", null).value())
                .isEqualTo(Json.parse("{\"a\":[1,\"two\",null,true],\"b\":{\"c\":1.5}}"));
        assertThat(run("const y = 1;", null).value().isNull()).isTrue();
    }

    @Test
    void promiseAllRunsNestedCallsConcurrentlyAndConsoleIsCaptured() throws InterruptedException {
        CountDownLatch allThree = new CountDownLatch(3);
        AtomicInteger calls = new AtomicInteger();
        NestedCalls overlapping = (tool, args) -> {
            calls.incrementAndGet();
            allThree.countDown();
            try {
                if (!allThree.await(5, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("calls did not overlap");
                }
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return Json.object().put("echo", args.path("q").asInt());
        };
        RunOutcome out = run("""
                console.log('start', { n: 1 });
                const rs = await Promise.all([1, 2, 3].map(q => crm_search({ q })));
                console.warn('done');
                rs.map(r => r.echo)""", overlapping, "crm_search");
        assertThat(out.ok()).as(out.toString()).isTrue();
        assertThat(out.value()).isEqualTo(Json.parse("[1,2,3]"));
        assertThat(out.logs()).containsExactly("start {\"n\":1}", "[warn] done");
        assertThat(calls).hasValue(3);
    }

    @Test
    void nestedFailureIsCatchableAndUncaughtIsToolError() throws InterruptedException {
        NestedCalls denied = (tool, args) -> {
            throw new GatewayException("forbidden", "no access", Json.object().put("why", "policy"));
        };
        RunOutcome caught = run("let r;\ntry { await t({}) } catch (e) { r = [e.code, e.message, e.details.why, "
                + "e instanceof Error] }\nr", denied, "t");
        assertThat(caught.value()).isEqualTo(Json.parse("[\"forbidden\",\"no access\",\"policy\",true]"));
        RunOutcome uncaught = run("await t({ a: 1 }); 'not reached'", denied, "t");
        assertThat(uncaught.errorCode()).isEqualTo(WorkerProtocol.TOOL_ERROR);
        assertThat(uncaught.errorMessage()).isEqualTo("no access");
        assertThat(uncaught.errorDetails().path("code").asText()).isEqualTo("forbidden");
        assertThat(uncaught.errorDetails().path("tool").asText()).isEqualTo("t");
    }

    @Test
    void syntaxErrorHasLineAndColumn() throws InterruptedException {
        RunOutcome out = run("const a = 1;\nconst b = (;", null);
        assertThat(out.errorCode()).isEqualTo(WorkerProtocol.SYNTAX_ERROR);
        assertThat(out.errorDetails().path("line").asInt()).isEqualTo(2);
        assertThat(out.errorDetails().path("column").asInt()).isEqualTo(12);
        assertThat(out.errorMessage()).doesNotContain("at com.", "Exception");
    }

    @Test
    void fiftyFirstNestedCallIsRefused() throws InterruptedException {
        AtomicInteger upstream = new AtomicInteger();
        RunOutcome out = run("for (let i = 0; i < 51; i++) { await t({ i }) }", (t, a) -> {
            upstream.incrementAndGet();
            return null;
        }, "t");
        assertThat(out.errorCode()).isEqualTo(WorkerProtocol.NESTED_CALL_LIMIT);
        assertThat(upstream).hasValue(50);
        RunOutcome caught = run("let n = 0; for (let i = 0; i < 51; i++) { try { await t({}) } catch (e) { n++ ; "
                + "if (e.code !== 'nested_call_limit') throw e } } n", (t, a) -> null, "t");
        assertThat(caught.value().asInt()).isEqualTo(1);
    }

    @Test
    void uncaughtScriptErrorIsSandboxErrorWithoutJavaTrace() throws InterruptedException {
        RunOutcome out = run("null.x", null);
        assertThat(out.errorCode()).isEqualTo(WorkerProtocol.SANDBOX_ERROR);
        assertThat(out.errorMessage()).startsWith("TypeError").doesNotContain("java.", "\tat ");
        RunOutcome never = run("await new Promise(() => {})", null);
        assertThat(never.errorCode()).isEqualTo(WorkerProtocol.SANDBOX_ERROR);
    }

    @Test
    void aRunProceedsWhileAnotherWorkerIsBusy() throws Exception {
        RunLimits short2s = new RunLimits(2_000, Long.MAX_VALUE, 50, 4, 200);
        CompletableFuture<RunOutcome> bomb = CompletableFuture.supplyAsync(() -> {
            try {
                return pool.run("for (;;) {}", List.of(), short2s, null);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        long t0 = System.nanoTime();
        assertThat(run("'fine'", null).value().asText()).isEqualTo("fine");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(1_000);
        RunOutcome timedOut = bomb.get(10, TimeUnit.SECONDS);
        assertThat(timedOut.errorCode()).isEqualTo(WorkerProtocol.TIMEOUT);
    }

}
