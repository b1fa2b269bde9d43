package io.toolgate.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.toolgate.json.Json;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

import static io.toolgate.upstream.FakeTransport.error;
import static io.toolgate.upstream.FakeTransport.result;
import static io.toolgate.upstream.FakeTransport.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An upstream that forgets its session while calls are in flight: one re-initialisation per expiry, every call the
 * upstream rejected with 404 (so never ran) sent again on the new session (up to three times, should the upstream
 * forget the new sessions too), any other failure never resent.
 */
class UpstreamSessionExpiryTest {

    private static final int CALLS = 16;

    private final AtomicInteger sessionIds = new AtomicInteger();

    /** A sessions-era upstream issuing "s1", "s2", …, whose tool calls {@code calls} answers. */
    private FakeTransport upstream(Function<FakeTransport.Sent, McpTransport.Reply> calls) {
        return new FakeTransport((message, envelope) -> switch (message.path("method").asText()) {
            case "server/discover" -> error(message, -32601, "Method not found", null);
            case "initialize" -> result(message, "s" + sessionIds.incrementAndGet(), "{\"capabilities\":{}}");
            case "notifications/initialized" -> status(envelope.sessionId() == null ? 400 : 202, envelope.sessionId());
            default -> envelope.sessionId() == null ? status(400, null) : calls.apply(new FakeTransport.Sent(message, envelope));
        });
    }

    private static UpstreamClient client(FakeTransport transport) {
        return new UpstreamClient("up", transport, 1_000, 4, "test", Runnable::run, m -> { });
    }

    private static JsonNode call(UpstreamClient client, int n) {
        ObjectNode arguments = Json.object().put("n", n);
        return client.callTool("t", arguments, null, Map.of(), null);
    }

    @Test
    void concurrentCallsRejectedForAnExpiredSessionShareOneReinitialisationAndAreEachResentOnce() throws Exception {
        AtomicBoolean forgotten = new AtomicBoolean();
        CountDownLatch allOnOldSession = new CountDownLatch(CALLS);
        CountDownLatch servedOnNewSession = new CountDownLatch(1);
        AtomicBoolean firstRejected = new AtomicBoolean();
        FakeTransport transport = upstream(call -> {
            String session = call.envelope().sessionId();
            if (!"s1".equals(session)) {
                servedOnNewSession.countDown();
                return result(call.message(), session, "{\"content\":[]}");
            }
            if (forgotten.get()) {
                // every call reaches the forgotten session; the first is rejected at once, the others only after a
                // call was served on the new session, so their rejections come after the re-initialisation
                allOnOldSession.countDown();
                awaitQuietly(allOnOldSession);
                if (!firstRejected.compareAndSet(false, true)) {
                    awaitQuietly(servedOnNewSession);
                }
                return status(404, session);
            }
            return result(call.message(), session, "{\"content\":[]}");
        });
        ExecutorService callers = Executors.newFixedThreadPool(CALLS);
        try (UpstreamClient client = client(transport)) {
            call(client, -1);
            forgotten.set(true);
            List<Future<JsonNode>> results = new ArrayList<>();
            for (int i = 0; i < CALLS; i++) {
                int n = i;
                results.add(callers.submit(() -> call(client, n)));
            }
            List<String> outcomes = new ArrayList<>();
            for (Future<JsonNode> r : results) {
                outcomes.add(outcome(r));
            }
            assertThat(outcomes).containsOnly("ok");
        } finally {
            callers.shutdownNow();
        }
        assertThat(transport.methods()).as("one initialize for the session, one for its expiry")
                .filteredOn("initialize"::equals).hasSize(2);
        Map<Integer, List<String>> sessionsOfEachCall = transport.sent.stream()
                .filter(s -> "tools/call".equals(s.method()) && s.message().at("/params/arguments/n").asInt() >= 0)
                .collect(Collectors.groupingBy(s -> s.message().at("/params/arguments/n").asInt(),
                        Collectors.mapping(s -> s.envelope().sessionId(), Collectors.toList())));
        assertThat(sessionsOfEachCall).hasSize(CALLS);
        sessionsOfEachCall.forEach((n, sessions) -> assertThat(sessions).as("call %d", n).containsExactly("s1", "s2"));
    }

    @Test
    void aCallRejectedAgainBecauseTheNewSessionWasForgottenTooIsSentOnTheNextOne() {
        // the upstream forgets s1 and then s2 before the resent call arrives; s3 serves it
        FakeTransport transport = upstream(call -> "s3".equals(call.envelope().sessionId())
                ? result(call.message(), "s3", "{\"content\":[]}") : status(404, call.envelope().sessionId()));
        try (UpstreamClient client = client(transport)) {
            assertThat(call(client, 0).path("content").isArray()).isTrue();
        }
        assertThat(transport.sent).filteredOn(s -> "tools/call".equals(s.method()))
                .extracting(s -> s.envelope().sessionId()).containsExactly("s1", "s2", "s3");
    }

    @Test
    void aCallRejectedOnEveryNewSessionIsSentAtMostThreeTimesMore() {
        FakeTransport transport = upstream(call -> status(404, call.envelope().sessionId()));
        try (UpstreamClient client = client(transport)) {
            assertThatThrownBy(() -> call(client, 0)).isInstanceOf(UpstreamException.class)
                    .extracting(e -> ((UpstreamException) e).httpStatus()).isEqualTo(404);
        }
        assertThat(transport.sent).filteredOn(s -> "tools/call".equals(s.method()))
                .extracting(s -> s.envelope().sessionId()).containsExactly("s1", "s2", "s3", "s4");
    }

    @Test
    void aCallThatFailedOtherwiseMayHaveRunAndIsNotResent() {
        for (Function<FakeTransport.Sent, McpTransport.Reply> failure : List.<Function<FakeTransport.Sent, McpTransport.Reply>>of(
                call -> status(500, call.envelope().sessionId()),
                call -> status(503, call.envelope().sessionId()),
                call -> error(call.message(), -32603, "Internal error", null),
                call -> {
                    throw UpstreamException.transport("transport error: IOException", null);
                })) {
            FakeTransport transport = upstream(failure);
            try (UpstreamClient client = client(transport)) {
                assertThatThrownBy(() -> call(client, 0)).isInstanceOf(UpstreamException.class);
            }
            assertThat(transport.methods()).containsExactly("server/discover", "initialize", "notifications/initialized",
                    "tools/call");
        }
    }

    private static String outcome(Future<JsonNode> result) throws InterruptedException {
        try {
            return result.get(10, TimeUnit.SECONDS).has("content") ? "ok" : "no content";
        } catch (ExecutionException e) {
            return e.getCause().getMessage();
        } catch (TimeoutException e) {
            return "hung";
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
