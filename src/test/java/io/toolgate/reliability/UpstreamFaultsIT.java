package io.toolgate.reliability;

import io.toolgate.json.Json;
import io.toolgate.testing.GatewayProcess;
import io.toolgate.testing.StatelessCaller;
import io.toolgate.testing.TestUpstream;
import io.toolgate.testing.TestUpstream.ToolDef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Upstream faults under load, against the packaged gateway: {@value #THREADS} threads call {@code execute_tool} on
 * three domains for {@code -Dreliability.seconds} seconds (default {@value #DEFAULT_SECONDS}) while {@code restarting}
 * is stopped for a second and started again on its port every 10 s (once in a shorter run) and {@code forgetful}
 * forgets its sessions every 250 ms. No call fails on {@code steady} or {@code forgetful}, none takes longer than the
 * upstream timeout (plus a second for the gateway's own work), the restarted domain answers within a second of every
 * restart, and {@code forgetful} is initialised at most once per time it forgot.
 */
class UpstreamFaultsIT {

    private static final int THREADS = 8;
    private static final long DEFAULT_SECONDS = 8;
    private static final long TIMEOUT_MILLIS = 3_000;
    private static final long GATEWAY_MARGIN_MILLIS = 1_000;
    private static final long RESTART_EVERY_MILLIS = 10_000;
    private static final long DOWN_MILLIS = 1_000;
    private static final long FORGET_EVERY_MILLIS = 250;
    private static final List<String> DOMAINS = List.of("steady", "restarting", "forgetful");

    /** One call as the load saw it: domain, start and end ({@link System#nanoTime()}), and whether it succeeded. */
    private record Call(String domain, long start, long end, boolean ok, String outcome) {
        long millis() {
            return TimeUnit.NANOSECONDS.toMillis(end - start);
        }
    }

    /** When the restarting upstream went down, and when it was listening again. */
    private record Restart(long killed, long listening) {
    }

    private final List<Restart> restarts = new CopyOnWriteArrayList<>();
    private final List<Future<?>> faultTasks = new CopyOnWriteArrayList<>();
    private final AtomicInteger forgets = new AtomicInteger();

    @Test
    void noCallIsLostOnHealthyOrForgetfulDomainsNoneHangsAndARestartedUpstreamServesWithinASecond(@TempDir Path dir)
            throws Exception {
        long seconds = Long.getLong("reliability.seconds", DEFAULT_SECONDS);
        long cycles = Math.max(1, seconds * 1000 / RESTART_EVERY_MILLIS);
        TestUpstream steady = TestUpstream.start(List.of(echo()));
        TestUpstream forgetful = TestUpstream.start(List.of(echo()));
        AtomicReference<TestUpstream> restarting = new AtomicReference<>(TestUpstream.start(List.of(echo())));
        List<Call> calls;
        ScheduledExecutorService faults = Executors.newScheduledThreadPool(2);
        try (GatewayProcess gateway = GatewayProcess.start(dir, Map.of(
                "GATEWAY_UPSTREAMS", Json.write(Json.object().put("steady", steady.url())
                        .put("restarting", restarting.get().url()).put("forgetful", forgetful.url())),
                "GATEWAY_UPSTREAM_TIMEOUT", String.valueOf(TIMEOUT_MILLIS / 1000)))) {
            StatelessCaller caller = new StatelessCaller(gateway.mcpUrl(), Duration.ofMillis(3 * TIMEOUT_MILLIS));
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            faultTasks.add(faults.scheduleAtFixedRate(() -> {
                forgetful.forgetSessions();
                forgets.incrementAndGet();
            }, FORGET_EVERY_MILLIS, FORGET_EVERY_MILLIS, TimeUnit.MILLISECONDS));
            long period = seconds * 1000 / cycles;
            for (long cycle = 0; cycle < cycles; cycle++) {
                faultTasks.add(faults.schedule(() -> killAndRestart(restarting, faults),
                        cycle * period + period / 3, TimeUnit.MILLISECONDS));
            }
            calls = load(caller, end);
            faults.shutdown();
            assertThat(faults.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            faults.shutdownNow();
            steady.close();
            forgetful.close();
            restarting.get().close();
        }
        for (Future<?> task : faultTasks) {
            if (task.isDone() && !task.isCancelled()) {
                task.get();
            }
        }

        List<Long> recoveries = recoveries(calls);
        long hung = calls.stream().filter(c -> c.millis() > TIMEOUT_MILLIS + GATEWAY_MARGIN_MILLIS).count();
        long initializations = forgetful.requests().stream().filter(h -> "POST".equals(h.get(":method"))
                && h.get("mcp-session-id") == null && !"server/discover".equals(h.get("mcp-method"))).count();
        long failedWhileUp = calls.stream().filter(c -> c.domain().equals("restarting") && !c.ok()
                && restarts.stream().noneMatch(r -> c.end() >= r.killed() && c.start() <= r.listening())).count();
        System.out.printf("UpstreamFaultsIT: %d s, %d calls (%s), errors %s (%d on restarting outside its down time),"
                        + " hung %d (longest %d ms), %d restarts, first success after restart %s ms, %d forgets,"
                        + " %d initialisations of forgetful%n",
                seconds, calls.size(), count(calls, c -> true), count(calls, c -> !c.ok()), failedWhileUp, hung,
                calls.stream().mapToLong(Call::millis).max().orElse(0), restarts.size(), recoveries, forgets.get(),
                initializations);

        assertThat(calls).filteredOn(c -> !c.domain().equals("restarting") && !c.ok())
                .as("failures on the healthy and the forgetful domain").extracting(Call::outcome).isEmpty();
        assertThat(calls).filteredOn(c -> c.millis() > TIMEOUT_MILLIS + GATEWAY_MARGIN_MILLIS)
                .as("calls longer than the upstream timeout").isEmpty();
        assertThat(restarts).as("restarts done").hasSize((int) cycles);
        assertThat(recoveries).as("time from each restart to the first success on its domain, ms")
                .hasSameSizeAs(restarts).allSatisfy(ms -> assertThat(ms).isLessThanOrEqualTo(1_000));
        assertThat(initializations).as("one initialisation to start, at most one per forgetting")
                .isLessThanOrEqualTo(forgets.get() + 1L);
    }

    /** {@value #THREADS} threads calling the three domains in turn until {@code end}. */
    private static List<Call> load(StatelessCaller caller, long end) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<List<Call>>> perThread = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                perThread.add(threads.submit(() -> {
                    List<Call> made = new ArrayList<>();
                    for (int i = 0; System.nanoTime() < end; i++) {
                        made.add(call(caller, DOMAINS.get((thread + i) % DOMAINS.size()), thread * 1_000_000 + i));
                    }
                    return made;
                }));
            }
            List<Call> calls = new ArrayList<>();
            for (Future<List<Call>> made : perThread) {
                calls.addAll(made.get());
            }
            return calls;
        } finally {
            threads.shutdownNow();
        }
    }

    private static Call call(StatelessCaller caller, String domain, int n) throws InterruptedException {
        long start = System.nanoTime();
        String outcome;
        try {
            outcome = caller.executeTool(domain + "_echo", Json.object().put("n", n));
        } catch (IOException e) {
            outcome = "error: no answer: " + e;
        }
        return new Call(domain, start, System.nanoTime(), outcome.equals("echo " + n), outcome);
    }

    /** Stops the restarting upstream now and starts it again on its port {@value #DOWN_MILLIS} ms later. */
    private void killAndRestart(AtomicReference<TestUpstream> restarting, ScheduledExecutorService faults) {
        long killed = System.nanoTime();
        TestUpstream down = restarting.get();
        try {
            down.stop();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        faultTasks.add(faults.schedule(() -> {
            restarting.set(down.restart());
            restarts.add(new Restart(killed, System.nanoTime()));
            return null;
        }, DOWN_MILLIS, TimeUnit.MILLISECONDS));
    }

    /** For each restart, the milliseconds from listening again to the end of the first success on its domain. */
    private List<Long> recoveries(List<Call> calls) {
        List<Long> recoveries = new ArrayList<>();
        for (Restart r : restarts) {
            calls.stream().filter(c -> c.domain().equals("restarting") && c.ok() && c.start() > r.killed())
                    .mapToLong(Call::end).min()
                    .ifPresent(first -> recoveries.add(Math.max(0, TimeUnit.NANOSECONDS.toMillis(first - r.listening()))));
        }
        return recoveries;
    }

    private static Map<String, Long> count(List<Call> calls, Predicate<Call> which) {
        Map<String, Long> counts = new TreeMap<>();
        DOMAINS.forEach(d -> counts.put(d, calls.stream().filter(c -> c.domain().equals(d) && which.test(c)).count()));
        return counts;
    }

    private static ToolDef echo() {
        return ToolDef.text("echo", "Echoes the number it is given.",
                "{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"integer\"}},\"required\":[\"n\"]}",
                args -> "echo " + args.get("n"));
    }
}
