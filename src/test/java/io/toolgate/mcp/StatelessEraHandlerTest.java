package io.toolgate.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.toolgate.json.Json;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the stateless era answers before anything is dispatched (its own checks, listen streams and multi-round
 * requests refusing bad input), and that a session's request goes on to the next handler.
 */
class StatelessEraHandlerTest {

    private static final String VERSION = "2026-07-28";
    private static final Map<String, JsonNode> DESCRIPTORS = Map.of(
            "crm_export", Json.parse("{\"name\":\"crm_export\",\"execution\":{\"taskSupport\":\"required\"}}"));
    private DefaultCamelContext camel;
    private HandlerHarness http;

    @BeforeEach
    void start() throws Exception {
        camel = new DefaultCamelContext();
        camel.start();
        RouteDispatcher dispatcher = new RouteDispatcher(camel.createProducerTemplate(), r -> { });
        StatelessEraHandler era = new StatelessEraHandler(dispatcher,
                new MultiRoundRequests(dispatcher, new SuspendedRequests(10), new Tasks(Clock.systemUTC(), 10),
                        DESCRIPTORS::get, true, 5_000),
                new ListenStreams(new ClientSessions(100, 60_000, Clock.systemUTC()), dispatcher,
                        McpProtocol.statelessCapabilities(Exposure.DIRECT), 5_000),
                5_000);
        http = new HandlerHarness(new JsonRpcReader(), era::post, ctx -> ctx.response().end("sessions era"));
    }

    @AfterEach
    void stop() throws Exception {
        http.close();
        camel.stop();
    }

    private static String message(String method, String params) {
        return "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"" + method + "\",\"params\":{" + params
                + (params.isEmpty() ? "" : ",") + "\"_meta\":{\"" + StatelessRequest.VERSION_KEY + "\":\"" + VERSION
                + "\",\"" + StatelessRequest.CAPABILITIES_KEY + "\":{}}}}";
    }

    private HttpResponse<String> post(String method, String name, String params, String accept) throws Exception {
        return http.post(message(method, params), "Content-Type", "application/json", "Accept", accept,
                "MCP-Protocol-Version", VERSION, "Mcp-Method", method, "Mcp-Name", name);
    }

    private static JsonNode error(HttpResponse<String> res) {
        return Json.parse(res.body()).path("error");
    }

    @Test
    void sessionRequestGoesOnToTheSessionsEra() throws Exception {
        HttpResponse<String> res = http.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}",
                "Content-Type", "application/json", "Mcp-Session-Id", "s-1");

        assertThat(res.body()).isEqualTo("sessions era");
    }

    @Test
    void statelessNotificationGets202() throws Exception {
        HttpResponse<String> res = http.post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{"
                + "\"_meta\":{\"" + StatelessRequest.VERSION_KEY + "\":\"" + VERSION + "\"}}}", "Content-Type", "application/json");

        assertThat(res.statusCode()).isEqualTo(202);
    }

    @Test
    void missingVersionHeaderIsAHeaderMismatchAnsweringTheRequestId() throws Exception {
        HttpResponse<String> res = http.post(message("tools/list", ""), "Content-Type", "application/json",
                "Mcp-Method", "tools/list");

        assertThat(res.statusCode()).isEqualTo(400);
        assertThat(error(res).path("code").asInt()).isEqualTo(-32020);
        assertThat(Json.parse(res.body()).path("id").asInt()).isEqualTo(5);
    }

    @Test
    void listenWithoutEventStreamAcceptGets406() throws Exception {
        HttpResponse<String> res = post("subscriptions/listen", "", "\"notifications\":{}", "application/json");

        assertThat(res.statusCode()).isEqualTo(406);
        assertThat(error(res).path("message").asText()).isEqualTo("Not Acceptable: Accept must allow text/event-stream");
    }

    @Test
    void listenWithoutNotificationsObjectIsInvalidParams() throws Exception {
        HttpResponse<String> res = post("subscriptions/listen", "", "\"notifications\":[]",
                "application/json, text/event-stream");

        assertThat(res.statusCode()).isEqualTo(400);
        assertThat(error(res).path("code").asInt()).isEqualTo(-32602);
    }

    @Test
    void requestStateThatIsNoStringIsInvalidParams() throws Exception {
        HttpResponse<String> res = post("tools/call", "crm_find", "\"name\":\"crm_find\",\"requestState\":7",
                "application/json");

        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(error(res).path("message").asText())
                .isEqualTo("Invalid params: requestState must be a string and inputResponses an object");
    }

    @Test
    void unknownRequestStateIsRefused() throws Exception {
        HttpResponse<String> res = post("tools/call", "crm_find", "\"name\":\"crm_find\",\"requestState\":\"forged\"",
                "application/json");

        assertThat(error(res).path("code").asInt()).isEqualTo(-32602);
    }

    @Test
    void toolThatRunsOnlyAsATaskNeedsTheTasksExtension() throws Exception {
        HttpResponse<String> res = post("tools/call", "crm_export", "\"name\":\"crm_export\"", "application/json");

        assertThat(res.statusCode()).isEqualTo(400);
        assertThat(error(res).path("code").asInt()).isEqualTo(-32021);
        assertThat(error(res).path("message").asText()).endsWith("(tool crm_export runs only as a task)");
    }
}
