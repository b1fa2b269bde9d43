package io.toolgate.mcp;

import io.toolgate.json.Json;
import io.toolgate.testing.MovingClock;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** What the sessions era answers before anything is dispatched: session ids, notifications, streams, DELETE. */
class SessionsEraHandlerTest {

    private final MovingClock clock = new MovingClock();
    private final ClientSessions sessions = new ClientSessions(100, 60_000, clock);
    private DefaultCamelContext camel;
    private HandlerHarness http;

    @BeforeEach
    void start() throws Exception {
        camel = new DefaultCamelContext();
        camel.start();
        SessionsEraHandler era = new SessionsEraHandler(sessions, new RouteDispatcher(camel.createProducerTemplate(), r -> { }), 5_000);
        http = new HandlerHarness(ctx -> {
            switch (ctx.request().method().name()) {
                case "POST" -> ctx.next();
                case "GET" -> era.get(ctx);
                default -> era.delete(ctx);
            }
        }, new JsonRpcReader(), era::post);
    }

    @AfterEach
    void stop() throws Exception {
        http.close();
        camel.stop();
    }

    private static int code(HttpResponse<String> res) {
        return Json.parse(res.body()).at("/error/code").asInt();
    }

    @Test
    void requestWithoutSessionIdGets400() throws Exception {
        HttpResponse<String> res = http.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}",
                "Content-Type", "application/json");

        assertThat(res.statusCode()).isEqualTo(400);
        assertThat(Json.parse(res.body()).at("/error/message").asText())
                .isEqualTo("Bad Request: Mcp-Session-Id header is required");
    }

    @Test
    void unknownSessionGets404() throws Exception {
        HttpResponse<String> res = http.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}",
                "Content-Type", "application/json", "Mcp-Session-Id", "nope");

        assertThat(res.statusCode()).isEqualTo(404);
        assertThat(code(res)).isEqualTo(-32001);
    }

    @Test
    void aSessionIdleLongerThanTheTimeoutGets404() throws Exception {
        String id = sessions.create("2025-06-18", Json.object(), null).id();
        clock.advance(60_001);

        HttpResponse<String> res = http.post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
                "Content-Type", "application/json", "Mcp-Session-Id", id);

        assertThat(res.statusCode()).isEqualTo(404);
        assertThat(code(res)).isEqualTo(-32001);
        assertThat(Json.parse(res.body()).at("/error/message").asText()).isEqualTo("Session not found");
    }

    @Test
    void unsupportedProtocolVersionGets400() throws Exception {
        HttpResponse<String> res = http.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\"}",
                "Content-Type", "application/json", "MCP-Protocol-Version", "1999-01-01");

        assertThat(res.statusCode()).isEqualTo(400);
        assertThat(Json.parse(res.body()).at("/error/message").asText())
                .isEqualTo("Bad Request: Unsupported protocol version 1999-01-01");
    }

    @Test
    void initializeNotificationIsRefused() throws Exception {
        HttpResponse<String> res = http.post("{\"jsonrpc\":\"2.0\",\"method\":\"initialize\"}",
                "Content-Type", "application/json");

        assertThat(res.statusCode()).isEqualTo(400);
        assertThat(Json.parse(res.body()).at("/error/message").asText())
                .isEqualTo("Invalid Request: initialize must be a request");
    }

    @Test
    void notificationOfASessionGets202() throws Exception {
        String id = sessions.create("2025-06-18", Json.object(), null).id();

        HttpResponse<String> res = http.post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
                "Content-Type", "application/json", "Mcp-Session-Id", id);

        assertThat(res.statusCode()).isEqualTo(202);
        assertThat(res.body()).isEmpty();
    }

    @Test
    void answerToNoPendingRequestStillGets202() throws Exception {
        String id = sessions.create("2025-06-18", Json.object(), null).id();

        HttpResponse<String> res = http.post("{\"jsonrpc\":\"2.0\",\"id\":\"r9\",\"result\":{}}",
                "Content-Type", "application/json", "Mcp-Session-Id", id);

        assertThat(res.statusCode()).isEqualTo(202);
    }

    @Test
    void streamRequestWithoutEventStreamAcceptGets406() throws Exception {
        String id = sessions.create("2025-06-18", Json.object(), null).id();

        HttpResponse<String> res = http.send(http.request().GET().header("Mcp-Session-Id", id)
                .header("Accept", "application/json").build());

        assertThat(res.statusCode()).isEqualTo(406);
    }

    @Test
    void deleteEndsTheSessionOnce() throws Exception {
        String id = sessions.create("2025-06-18", Json.object(), null).id();
        HttpRequest delete = http.request().DELETE().header("Mcp-Session-Id", id).build();

        assertThat(http.send(delete).statusCode()).isEqualTo(204);
        assertThat(sessions.find(id)).isNull();
        assertThat(http.send(delete).statusCode()).isEqualTo(404);
    }
}
