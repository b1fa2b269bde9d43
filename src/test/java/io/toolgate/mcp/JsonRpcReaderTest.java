package io.toolgate.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.toolgate.json.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class JsonRpcReaderTest {

    private final AtomicReference<IncomingMessage> read = new AtomicReference<>();
    private HandlerHarness http;

    @BeforeEach
    void start() throws Exception {
        http = new HandlerHarness(new JsonRpcReader(), ctx -> {
            read.set(IncomingMessage.of(ctx));
            ctx.response().end("read");
        });
    }

    @AfterEach
    void stop() throws Exception {
        http.close();
    }

    private HttpResponse<String> post(String body) throws Exception {
        return http.post(body, "Content-Type", "application/json", "Accept", "application/json, text/event-stream",
                "Mcp-Session-Id", "s-1", "MCP-Protocol-Version", "2025-06-18", "X-Custom", "a");
    }

    private static void assertError(HttpResponse<String> res, int status, int code, String message) {
        assertThat(res.statusCode()).isEqualTo(status);
        JsonNode error = Json.parse(res.body()).path("error");
        assertThat(error.path("code").asInt()).isEqualTo(code);
        assertThat(error.path("message").asText()).isEqualTo(message);
    }

    @Test
    void requestGoesOnWithItsMethodIdAndHeaders() throws Exception {
        HttpResponse<String> res = post("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/list\"}");

        assertThat(res.body()).isEqualTo("read");
        IncomingMessage in = read.get();
        assertThat(in.method()).isEqualTo("tools/list");
        assertThat(in.id().asInt()).isEqualTo(7);
        assertThat(in.sessionId()).isEqualTo("s-1");
        assertThat(in.version()).isEqualTo("2025-06-18");
        assertThat(in.headers()).containsEntry("x-custom", "a");
        assertThat(in.isResponse()).isFalse();
    }

    @Test
    void clientResponseGoesOnWithoutMethod() throws Exception {
        post("{\"jsonrpc\":\"2.0\",\"id\":\"r1\",\"result\":{}}");

        assertThat(read.get().isResponse()).isTrue();
        assertThat(read.get().id().asText()).isEqualTo("r1");
    }

    @Test
    void wrongContentTypeGets415() throws Exception {
        HttpResponse<String> res = http.post("{}", "Content-Type", "text/plain");

        assertError(res, 415, -32600, "Unsupported Media Type: Content-Type must be application/json");
    }

    @Test
    void acceptWithoutJsonGets406() throws Exception {
        HttpResponse<String> res = http.post("{}", "Content-Type", "application/json", "Accept", "text/event-stream");

        assertError(res, 406, -32600, "Not Acceptable: Accept must allow application/json");
    }

    @Test
    void unparseableBodyGetsParseError() throws Exception {
        assertError(post("{not json"), 400, -32700, "Parse error");
    }

    @Test
    void batchIsRefused() throws Exception {
        assertError(post("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]"), 400, -32600,
                "Invalid Request: batches are not supported");
    }

    @Test
    void messageWithoutJsonRpc20IsRefused() throws Exception {
        assertError(post("{\"id\":1,\"method\":\"ping\"}"), 400, -32600, "Invalid Request: not a JSON-RPC 2.0 message");
    }

    @Test
    void messageWithoutMethodThatIsNoResponseIsRefused() throws Exception {
        assertError(post("{\"jsonrpc\":\"2.0\",\"id\":1}"), 400, -32600, "Invalid Request: no method");
    }

    @Test
    void fractionalIdIsRefused() throws Exception {
        assertError(post("{\"jsonrpc\":\"2.0\",\"id\":1.5,\"method\":\"ping\"}"), 400, -32600,
                "Invalid Request: bad method or id");
        assertThat(read.get()).isNull();
    }
}
