package io.toolgate.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import io.toolgate.json.Json;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static io.toolgate.upstream.FakeTransport.error;
import static io.toolgate.upstream.FakeTransport.result;
import static io.toolgate.upstream.FakeTransport.status;
import static org.assertj.core.api.Assertions.assertThat;

/** The upstream's event stream over a fake transport: which stream is opened, and when listening stops. */
class EventStreamTest {

    private final List<JsonNode> events = new CopyOnWriteArrayList<>();
    private final AtomicInteger sessionIds = new AtomicInteger();

    private FakeTransport.Upstream sessionsEra() {
        return (message, envelope, inbound, call) -> switch (message.path("method").asText()) {
            case "server/discover" -> error(message, -32601, "Method not found", null);
            case "initialize" -> result(message, "s" + sessionIds.incrementAndGet(), "{\"capabilities\":{}}");
            default -> status(202, envelope.sessionId());
        };
    }

    private static FakeTransport.Upstream stateless(String capabilities) {
        return (message, envelope, inbound, call) -> result(message, null,
                "{\"supportedVersions\":[\"2026-07-28\"],\"capabilities\":" + capabilities + "}");
    }

    private UpstreamClient client(FakeTransport transport) {
        return new UpstreamClient("up", transport, 1_000, 4, "test", Runnable::run, events::add);
    }

    @Test
    void anUpstreamWithoutAStreamIsNotAskedAgain() {
        FakeTransport transport = new FakeTransport(sessionsEra());
        try (UpstreamClient client = client(transport)) {
            client.listen(Map.of());
            assertThat(client.listening()).isFalse();
        }
        assertThat(transport.streams).hasSize(1);
        assertThat(transport.streams.get(0).message()).as("the standalone stream, not a subscription").isNull();
        assertThat(transport.streams.get(0).envelope().sessionId()).isEqualTo("s1");
    }

    @Test
    void aStatelessUpstreamThatNotifiesNothingIsNotListenedTo() {
        FakeTransport transport = new FakeTransport(stateless("{\"tools\":{}}"));
        try (UpstreamClient client = client(transport)) {
            client.listen(Map.of());
        }
        assertThat(transport.streams).isEmpty();
    }

    @Test
    void aStatelessUpstreamIsSubscribedToWhatItAnnouncesUntilClosed() {
        AtomicReference<UpstreamClient> holder = new AtomicReference<>();
        List<Boolean> listeningWhileOpen = new CopyOnWriteArrayList<>();
        FakeTransport transport = new FakeTransport(stateless("{\"tools\":{\"listChanged\":true}}"),
                (subscription, envelope, inbound, opened) -> {
                    opened.run();
                    listeningWhileOpen.add(holder.get().listening());
                    inbound.accept(Json.parse("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/tools/list_changed\"}"));
                    holder.get().close();
                    return 200;
                });
        try (UpstreamClient client = client(transport)) {
            holder.set(client);
            client.listen(Map.of());
            assertThat(client.listening()).isFalse();
        }
        assertThat(listeningWhileOpen).containsExactly(true);
        assertThat(events).extracting(e -> e.path("method").asText()).containsExactly("notifications/tools/list_changed");
        FakeTransport.Sent subscription = transport.streams.get(0);
        assertThat(subscription.method()).isEqualTo("subscriptions/listen");
        assertThat(subscription.message().at("/params/notifications").toString())
                .isEqualTo("{\"toolsListChanged\":true,\"promptsListChanged\":false,\"resourcesListChanged\":false}");
        assertThat(subscription.envelope().routing()).containsExactly(Map.entry("Mcp-Method", "subscriptions/listen"));
        assertThat(transport.closed).isTrue();
    }

    @Test
    void aStreamRefusedFor404OpensInAFreshSession() {
        AtomicInteger opened = new AtomicInteger();
        FakeTransport transport = new FakeTransport(sessionsEra(),
                (subscription, envelope, inbound, open) -> opened.incrementAndGet() == 1 ? 404 : 405);
        try (UpstreamClient client = client(transport)) {
            client.listen(Map.of());
        }
        assertThat(transport.streams).extracting(s -> s.envelope().sessionId()).containsExactly("s1", "s2");
        assertThat(transport.methods()).containsExactly("server/discover", "initialize", "notifications/initialized",
                "initialize", "notifications/initialized");
    }
}
