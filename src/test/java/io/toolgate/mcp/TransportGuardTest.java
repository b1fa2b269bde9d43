package io.toolgate.mcp;

import io.toolgate.json.Json;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TransportGuardTest {

    private static final String PING = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";

    @Nested
    class Origin {
        private final TransportGuard guard = new TransportGuard(List.of("https://app.example"), List.of());

        @Test
        void noOriginIsAccepted() {
            assertThat(guard.originAllowed(null)).isTrue();
        }

        @Test
        void loopbackOriginsAreAccepted() {
            assertThat(guard.originAllowed("http://localhost:6274")).isTrue();
            assertThat(guard.originAllowed("http://127.0.0.1")).isTrue();
            assertThat(guard.originAllowed("http://[::1]:8080")).isTrue();
        }

        @Test
        void listedOriginIsAccepted() {
            assertThat(guard.originAllowed("https://app.example")).isTrue();
        }

        @Test
        void foreignOrUnparseableOriginIsRefused() {
            assertThat(guard.originAllowed("https://evil.example")).isFalse();
            assertThat(guard.originAllowed("not a uri")).isFalse();
        }

        @Test
        void wildcardAcceptsAnyOrigin() {
            assertThat(new TransportGuard(List.of("*"), List.of()).originAllowed("https://evil.example")).isTrue();
        }
    }

    @Nested
    class Host {
        private final TransportGuard guard = new TransportGuard(List.of(), List.of("gateway.internal", "edge:8443"));

        @Test
        void emptyListAcceptsAnyHost() {
            assertThat(new TransportGuard(List.of(), List.of()).hostAllowed("rebound.example")).isTrue();
        }

        @Test
        void loopbackNamesAreAcceptedWithAnyPort() {
            assertThat(guard.hostAllowed("localhost:8080")).isTrue();
            assertThat(guard.hostAllowed("[::1]:8080")).isTrue();
        }

        @Test
        void listedNameMatchesWithAnyPortAndNameWithPortOnlyExactly() {
            assertThat(guard.hostAllowed("gateway.internal:9000")).isTrue();
            assertThat(guard.hostAllowed("EDGE:8443")).isTrue();
            assertThat(guard.hostAllowed("edge:80")).isFalse();
        }

        @Test
        void reboundNameIsRefused() {
            assertThat(guard.hostAllowed("rebound.example")).isFalse();
        }
    }

    @Nested
    class OverHttp {

        @Test
        void foreignOriginGets403WithJsonRpcError() throws Exception {
            try (HandlerHarness http = new HandlerHarness(new TransportGuard(List.of(), List.of()), ctx -> ctx.response().end("passed"))) {
                HttpResponse<String> res = http.post(PING, "Content-Type", "application/json", "Origin", "https://evil.example");

                assertThat(res.statusCode()).isEqualTo(403);
                assertThat(res.headers().firstValue("Content-Type")).hasValue("application/json");
                assertThat(Json.parse(res.body()).path("error").path("code").asInt()).isEqualTo(-32600);
                assertThat(Json.parse(res.body()).path("error").path("message").asText()).isEqualTo("Forbidden: Origin not allowed");
            }
        }

        @Test
        void acceptedRequestReachesTheNextHandler() throws Exception {
            try (HandlerHarness http = new HandlerHarness(new TransportGuard(List.of(), List.of()), ctx -> ctx.response().end("passed"))) {
                HttpResponse<String> res = http.post(PING, "Content-Type", "application/json", "Origin", "http://localhost:3000");

                assertThat(res.statusCode()).isEqualTo(200);
                assertThat(res.body()).isEqualTo("passed");
            }
        }
    }
}
