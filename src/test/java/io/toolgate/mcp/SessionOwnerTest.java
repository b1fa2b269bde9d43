package io.toolgate.mcp;

import io.toolgate.hooks.GatewayUser;
import io.toolgate.json.Json;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A session belongs to the subject that opened it: any other caller, or an anonymous one, gets 404 as for an unknown
 * session on every verb, and the session is left as it was.
 */
class SessionOwnerTest {

    private final ClientSessions sessions = new ClientSessions(100, 60_000, Clock.systemUTC());
    private DefaultCamelContext camel;
    private HandlerHarness http;
    private String aliceSession;

    @BeforeEach
    void start() throws Exception {
        camel = new DefaultCamelContext();
        camel.start();
        SessionsEraHandler era = new SessionsEraHandler(sessions, new RouteDispatcher(camel.createProducerTemplate(), r -> { }), 5_000);
        http = new HandlerHarness(ctx -> {
            String subject = ctx.request().getHeader("X-Test-Subject");
            if (subject != null) {
                BearerAuthentication.keep(ctx, new GatewayUser(subject, Set.of(), Map.of()));
            }
            switch (ctx.request().method().name()) {
                case "POST" -> ctx.next();
                case "GET" -> era.get(ctx);
                default -> era.delete(ctx);
            }
        }, new JsonRpcReader(), era::post);
        aliceSession = sessions.create("2025-06-18", Json.object(), "alice").id();
    }

    @AfterEach
    void stop() throws Exception {
        http.close();
        camel.stop();
    }

    private HttpResponse<String> notify(String subject) throws Exception {
        HttpRequest.Builder b = http.request().header("Content-Type", "application/json")
                .header("Mcp-Session-Id", aliceSession)
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"));
        if (subject != null) {
            b.header("X-Test-Subject", subject);
        }
        return http.send(b.build());
    }

    @Test
    void ownerUsesTheSession() throws Exception {
        assertThat(notify("alice").statusCode()).isEqualTo(202);
    }

    @Test
    void anotherSubjectGets404() throws Exception {
        HttpResponse<String> res = notify("mallory");

        assertThat(res.statusCode()).isEqualTo(404);
        assertThat(Json.parse(res.body()).at("/error/message").asText()).isEqualTo("Session not found");
    }

    @Test
    void anonymousCallerGets404() throws Exception {
        assertThat(notify(null).statusCode()).isEqualTo(404);
    }

    @Test
    void anotherSubjectCannotOpenTheEventStream() throws Exception {
        int status = http.status(http.request().GET().header("Mcp-Session-Id", aliceSession)
                .header("Accept", "text/event-stream").header("X-Test-Subject", "mallory").build());

        assertThat(status).isEqualTo(404);
    }

    @Test
    void anotherSubjectCannotEndTheSession() throws Exception {
        HttpResponse<String> res = http.send(http.request().DELETE().header("Mcp-Session-Id", aliceSession)
                .header("X-Test-Subject", "mallory").build());

        assertThat(res.statusCode()).isEqualTo(404);
        assertThat(sessions.find(aliceSession)).isNotNull();
    }

    @Test
    void anotherSubjectCannotAnswerTheSessionsRequests() throws Exception {
        HttpResponse<String> res = http.send(http.request().header("Content-Type", "application/json")
                .header("Mcp-Session-Id", aliceSession).header("X-Test-Subject", "mallory")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":\"r1\",\"result\":{}}")).build());

        assertThat(res.statusCode()).isEqualTo(404);
    }

    @Test
    void anonymousSessionStaysAnonymous() throws Exception {
        String open = sessions.create("2025-06-18", Json.object(), null).id();

        HttpResponse<String> res = http.send(http.request().DELETE().header("Mcp-Session-Id", open).build());

        assertThat(res.statusCode()).isEqualTo(204);
    }
}
