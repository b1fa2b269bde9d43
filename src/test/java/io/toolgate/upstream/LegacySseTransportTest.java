package io.toolgate.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.toolgate.json.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The legacy HTTP+SSE transport, and a client over it, against {@link SseTestUpstream} on loopback. */
class LegacySseTransportTest {

    private static final long TIMEOUT_MILLIS = 30_000;

    private final SseTestUpstream upstream = new SseTestUpstream();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ExecutorService threads = Executors.newCachedThreadPool();

    LegacySseTransportTest() throws Exception {
    }

    @AfterEach
    void stop() {
        threads.shutdownNow();
        upstream.close();
    }

    private LegacySseTransport transport(Map<String, String> headers) {
        return new LegacySseTransport("old", upstream.url(), http, headers, TIMEOUT_MILLIS, 1 << 20);
    }

    private static McpTransport.Envelope in(String session) {
        return new McpTransport.Envelope(session, null, Map.of(), Map.of(), true);
    }

    private static ObjectNode request(long id, String method, String progressToken) {
        ObjectNode m = Json.object();
        m.put("jsonrpc", "2.0").put("id", id).put("method", method);
        ObjectNode params = m.putObject("params");
        if (progressToken != null) {
            params.putObject("_meta").put("progressToken", progressToken);
        }
        return m;
    }

    @Test
    void messagesArePostedToTheEndpointTheStreamNamedWithTheStaticHeadersAndAnsweredOnTheStream() {
        try (LegacySseTransport transport = transport(Map.of("X-Api-Key", "k-1", "Accept", "text/html"))) {
            McpTransport.Reply reply = transport.send(request(1, "tools/list", null), in(null), m -> { }, null);

            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.sessionId()).isEqualTo("sse-1");
            assertThat(reply.message().at("/result/tools/0/name").asText()).isEqualTo("echo");
            assertThat(upstream.gets).hasSize(1);
            assertThat(upstream.gets.get(0).getFirst("Accept")).isEqualTo("text/event-stream");
            assertThat(upstream.gets.get(0).getFirst("X-Api-Key")).isEqualTo("k-1");
            SseTestUpstream.Post post = upstream.posts.get(0);
            assertThat(post.session()).as("the relative endpoint, resolved against the stream's URL").isEqualTo("s1");
            assertThat(post.headers().getFirst("Content-Type")).isEqualTo("application/json");
            assertThat(post.headers().getFirst("X-Api-Key")).isEqualTo("k-1");
            assertThat(post.message().toString()).isEqualTo(request(1, "tools/list", null).toString());

            McpTransport.Reply note = transport.send(SseTestUpstream.result(request(9, "x", null), "{}"), in("sse-1"),
                    m -> { }, null);
            assertThat(note.status()).as("a message needing no answer is accepted").isEqualTo(202);
            assertThat(upstream.gets).as("one stream serves every message").hasSize(1);
        }
    }

    @Test
    void concurrentRequestsEachGetTheirOwnAnswerAndProgress() throws Exception {
        List<JsonNode> held = new CopyOnWriteArrayList<>();
        upstream.onMessage = (session, message) -> {
            held.add(message);
            if (held.size() == 2) {
                for (JsonNode m : List.of(held.get(1), held.get(0))) {
                    String token = m.at("/params/_meta/progressToken").asText();
                    upstream.send(session, Json.parse("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\","
                            + "\"params\":{\"progressToken\":\"" + token + "\",\"progress\":1}}"));
                    upstream.send(session, SseTestUpstream.result(m, "{\"answered\":\"" + token + "\"}"));
                }
            }
        };
        try (LegacySseTransport transport = transport(Map.of())) {
            List<JsonNode> progressA = new CopyOnWriteArrayList<>();
            List<JsonNode> progressB = new CopyOnWriteArrayList<>();
            Future<McpTransport.Reply> a = threads.submit(() -> transport.send(request(1, "tools/call", "a"), in(null),
                    progressA::add, new InFlightCall(() -> { })));
            Future<McpTransport.Reply> b = threads.submit(() -> transport.send(request(2, "tools/call", "b"), in(null),
                    progressB::add, new InFlightCall(() -> { })));

            assertThat(a.get().message().at("/result/answered").asText()).isEqualTo("a");
            assertThat(b.get().message().at("/result/answered").asText()).isEqualTo("b");
            assertThat(a.get().message().path("id").asLong()).isEqualTo(1);
            assertThat(progressA).extracting(m -> m.at("/params/progressToken").asText()).containsExactly("a");
            assertThat(progressB).extracting(m -> m.at("/params/progressToken").asText()).containsExactly("b");
            assertThat(upstream.gets).hasSize(1);
        }
    }

    @Test
    void anEventOverTheSizeLimitEndsTheConnectionAndFailsTheCallAtOnce() {
        upstream.onMessage = (session, message) -> upstream.send(session,
                SseTestUpstream.result(message, "{\"text\":\"" + "x".repeat(2_000) + "\"}"));
        try (LegacySseTransport transport = new LegacySseTransport("old", upstream.url(), http, Map.of(), TIMEOUT_MILLIS,
                1_000)) {
            assertThatThrownBy(() -> transport.send(request(1, "tools/list", null), in(null), m -> { }, null))
                    .isInstanceOf(UpstreamException.class).hasMessageContaining("an event exceeds 1000 bytes");
            assertThat(transport.send(request(2, "ping", null), in("sse-1"), m -> { }, null).status())
                    .as("the session ended with its connection").isEqualTo(404);
        }
    }

    @Test
    void anEndpointOnAnotherOriginIsRefusedAndNothingIsPostedThere() {
        for (String foreign : List.of("http://127.0.0.1:" + (upstream.port() + 1) + "/messages",
                "//attacker.example/messages", "https://127.0.0.1:" + upstream.port() + "/messages")) {
            upstream.endpoint = session -> foreign + "?sessionId=" + session;
            try (LegacySseTransport transport = transport(Map.of())) {
                assertThatThrownBy(() -> transport.send(request(1, "tools/list", null), in(null), m -> { }, null))
                        .as(foreign).isInstanceOf(UpstreamException.class).hasMessageContaining("another origin");
            }
        }
        assertThat(upstream.gets).hasSize(3);
        assertThat(upstream.posts).isEmpty();
    }

    @Test
    void aDroppedStreamFailsTheCallInFlightAtOnceAndTheNextCallInitialisesANewSession() throws Exception {
        List<JsonNode> events = new CopyOnWriteArrayList<>();
        try (UpstreamClient client = UpstreamClient.legacySse("old", upstream.url(), http, Map.of(), TIMEOUT_MILLIS,
                1 << 20, "test", threads, events::add)) {
            assertThat(client.listTools(Map.of("X-Caller", "ignored"))).extracting(t -> t.path("name").asText())
                    .containsExactly("echo");
            CompletableFuture<JsonNode> hanging = CompletableFuture.supplyAsync(
                    () -> client.callTool("hang", null, null, Map.of(), null), threads);
            await().atMost(Duration.ofSeconds(10)).until(() -> upstream.posts.stream()
                    .anyMatch(p -> p.message().at("/params/name").asText().equals("hang")));

            upstream.drop("s1");

            assertThat(hanging).as("fails at once, not after the %d ms timeout", TIMEOUT_MILLIS)
                    .failsWithin(Duration.ofSeconds(5)).withThrowableOfType(ExecutionException.class)
                    .havingCause().isInstanceOf(UpstreamException.class)
                    .withMessageContaining("closed its event stream");
            JsonNode echo = client.callTool("echo", null, null, Map.of(), null);
            assertThat(echo.at("/content/0/text").asText()).isEqualTo("echo from s2");
            assertThat(upstream.gets).hasSize(2);
            assertThat(upstream.posts).filteredOn(p -> p.message().path("method").asText().equals("initialize"))
                    .extracting(SseTestUpstream.Post::session).containsExactly("s1", "s2");
            assertThat(events).extracting(m -> m.path("method").asText())
                    .as("the tools of a new connection may differ").contains("notifications/tools/list_changed");

            upstream.forget("s2");

            assertThat(client.callTool("echo", null, null, Map.of(), null).at("/content/0/text").asText())
                    .as("a POST answered 404 means a new connection and session").isEqualTo("echo from s3");
            assertThat(upstream.gets).hasSize(3);
        }
    }

    @Test
    void theStandaloneStreamGetsWhatNoRequestClaimsUntilTheConnectionEndsOrTheTransportCloses() throws Exception {
        try (LegacySseTransport transport = transport(Map.of())) {
            String session = transport.send(request(1, "initialize", null), in(null), m -> { }, null).sessionId();
            assertThat(transport.stream(Json.object(), in(session), m -> { }, () -> { })).isEqualTo(405);
            assertThat(transport.stream(null, in("sse-0"), m -> { }, () -> { })).isEqualTo(404);

            List<JsonNode> standalone = new CopyOnWriteArrayList<>();
            CompletableFuture<Void> opened = new CompletableFuture<>();
            Future<Integer> first = threads.submit(() -> transport.stream(null, in(session), standalone::add,
                    () -> opened.complete(null)));
            opened.get();
            upstream.send("s1", Json.parse("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/tools/list_changed\"}"));
            await().atMost(Duration.ofSeconds(10)).until(() -> standalone.size() == 1);
            upstream.drop("s1");
            assertThat(first.get()).as("the session ended with its connection").isEqualTo(404);

            String next = transport.send(request(2, "initialize", null), in(null), m -> { }, null).sessionId();
            assertThat(next).isEqualTo("sse-2");
            CompletableFuture<Void> reopened = new CompletableFuture<>();
            Future<Integer> second = threads.submit(() -> transport.stream(null, in(next), m -> { },
                    () -> reopened.complete(null)));
            reopened.get();
            transport.close();
            assertThat(second.get()).isEqualTo(200);
            assertThatThrownBy(() -> transport.send(request(3, "ping", null), in(next), m -> { }, null))
                    .isInstanceOf(UpstreamException.class).hasMessageContaining("closed");
        }
    }
}
