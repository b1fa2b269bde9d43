package io.toolgate.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.toolgate.json.Json;
import io.toolgate.error.McpProtocolException;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StatelessRequestTest {

    private static ObjectNode message(String method, String json) {
        ObjectNode m = Json.object().put("jsonrpc", "2.0").put("id", 1).put("method", method);
        m.set("params", Json.parse(json));
        return m;
    }

    private static ObjectNode call(String metaExtra) {
        return message("tools/call", "{\"name\":\"t\",\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
                + "\"io.modelcontextprotocol/clientCapabilities\":{\"sampling\":{}}" + metaExtra + "}}");
    }

    private static Map<String, String> headers(String method, String name) {
        Map<String, String> h = new HashMap<>(Map.of("mcp-protocol-version", "2026-07-28", "mcp-method", method));
        if (name != null) {
            h.put("mcp-name", name);
        }
        return h;
    }

    @Test
    void eraIsDecidedPerRequest() {
        ObjectNode modern = call("");
        ObjectNode legacy = message("tools/list", "{}");
        assertThat(StatelessRequest.applies(null, null, "tools/call", modern)).isTrue();
        assertThat(StatelessRequest.applies("session", "2026-07-28", "tools/call", modern)).isFalse();
        assertThat(StatelessRequest.applies(null, "2025-11-25", "tools/list", legacy)).isFalse();
        assertThat(StatelessRequest.applies(null, null, "tools/list", legacy)).isFalse();
        assertThat(StatelessRequest.applies(null, "2099-01-01", "tools/list", legacy)).isTrue();
        assertThat(StatelessRequest.applies(null, null, "server/discover", message("server/discover", "{}"))).isTrue();
    }

    @Test
    void protocolFieldsAreReadAndTakenOutOfMeta() {
        ObjectNode m = call(",\"io.modelcontextprotocol/logLevel\":\"warning\",\"io.modelcontextprotocol/clientInfo\":{},"
                + "\"progressToken\":5");
        StatelessRequest r = StatelessRequest.read(headers("tools/call", "  t  "), "tools/call", m);
        assertThat(r.protocolVersion()).isEqualTo("2026-07-28");
        assertThat(r.supports("sampling")).isTrue();
        assertThat(r.supports("elicitation")).isFalse();
        assertThat(r.logs("error")).isTrue();
        assertThat(r.logs("info")).isFalse();
        assertThat(m.at("/params/_meta")).isEqualTo(Json.parse("{\"progressToken\":5}"));

        ObjectNode plain = call("");
        assertThat(StatelessRequest.read(headers("tools/call", "t"), "tools/call", plain).logs("emergency"))
                .as("no log level asked: no log messages").isFalse();
        assertThat(plain.get("params").has("_meta")).isFalse();
    }

    @Test
    void refusalsCarryTheEraCodeAndStatus() {
        assertRejected(headers("tools/call", null), call(""), 400, -32020);
        assertRejected(headers("tools/list", "t"), call(""), 400, -32020);
        assertRejected(Map.of("mcp-method", "tools/call", "mcp-name", "t"), call(""), 400, -32020);
        assertRejected(headers("tools/call", "t"), message("tools/call", "{\"name\":\"t\"}"), 400, -32602);
        assertRejected(headers("tools/call", "t"), call(",\"io.modelcontextprotocol/logLevel\":\"loud\""), 400, -32602);
        assertRejected(headers("ping", null), message("ping", "{\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":"
                + "\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":{}}}"), 404, -32601);
    }

    private static void assertRejected(Map<String, String> headers, ObjectNode message, int status, int code) {
        assertThatThrownBy(() -> StatelessRequest.read(headers, message.get("method").asText(), message))
                .isInstanceOfSatisfying(StatelessRequest.Rejected.class, r -> {
                    assertThat(r.status()).isEqualTo(status);
                    assertThat(r.rpcCode()).isEqualTo(code);
                });
    }

    @Test
    void resultsAreShapedForTheEra() {
        JsonNode list = StatelessRequest.shape("tools/list", JsonRpc.result(null, Json.parse("{\"tools\":[]}")));
        assertThat(list.at("/result/resultType").asText()).isEqualTo("complete");
        assertThat(list.at("/result/ttlMs").asInt()).isZero();
        JsonNode call = StatelessRequest.shape("tools/call", JsonRpc.result(null, Json.object()));
        assertThat(call.at("/result/ttlMs").isMissingNode()).isTrue();
        JsonNode notFound = StatelessRequest.shape("resources/read", JsonRpc.error(null, -32002, "Resource not found",
                Json.object().put("uri", "x://y")));
        assertThat(notFound.at("/error/code").asInt()).isEqualTo(McpProtocolException.INVALID_PARAMS);
        assertThat(notFound.at("/error/data/uri").asText()).isEqualTo("x://y");
        assertThat(StatelessRequest.status(JsonRpc.error(null, -32601, "x"))).isEqualTo(404);
        assertThat(StatelessRequest.status(JsonRpc.error(null, -32021, "x"))).isEqualTo(400);
        assertThat(StatelessRequest.status(JsonRpc.error(null, -32602, "x"))).isEqualTo(200);
    }

    @Test
    void paramHeadersMustRepeatTheArguments() {
        JsonNode schema = Json.parse("{\"properties\":{\"region\":{\"type\":\"string\",\"x-mcp-header\":\"Region\"},"
                + "\"n\":{\"type\":\"number\",\"x-mcp-header\":\"N\"},\"q\":{\"type\":\"string\"}}}");
        JsonNode args = Json.parse("{\"region\":\"Zürich\",\"n\":42,\"q\":\"free\"}");
        ParamHeadersProcessor.check(schema, args, Map.of("mcp-param-region", "=?base64?WsO8cmljaA==?=", "mcp-param-n", "42.0"));
        ParamHeadersProcessor.check(schema, Json.parse("{}"), Map.of());
        assertThatThrownBy(() -> ParamHeadersProcessor.check(schema, args, Map.of("mcp-param-n", "42")))
                .hasMessageContaining("Mcp-Param-Region is required");
        assertThatThrownBy(() -> ParamHeadersProcessor.check(schema, args,
                Map.of("mcp-param-region", "=?base64?WsO8cmljaA?=", "mcp-param-n", "42")))
                .hasMessageContaining("not valid Base64");
        assertThatThrownBy(() -> ParamHeadersProcessor.check(schema, args,
                Map.of("mcp-param-region", "Zürich", "mcp-param-n", "43")))
                .isInstanceOfSatisfying(McpProtocolException.class, e -> assertThat(e.rpcCode()).isEqualTo(-32020));
    }
}
