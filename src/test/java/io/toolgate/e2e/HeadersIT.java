package io.toolgate.e2e;

import io.toolgate.testing.Fixtures;
import io.toolgate.testing.NodeMcpClient;
import io.toolgate.testing.TestGateway;
import io.toolgate.testing.TestUpstream;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.toolgate.testing.NodeMcpClient.call;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What reaches an upstream from the caller and from configuration: only the caller headers a domain lists in
 * {@code forward_headers}, and the trace context, are forwarded; a static header wins over a forwarded one of the
 * same name; the registry token is sent to discovery only.
 */
class HeadersIT {

    private static final Map<String, String> CALLER = Map.of(
            "Authorization", "Bearer caller-secret", "Cookie", "s=1", "X-Tenant", "t1", "X-Other", "o",
            "traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");

    @Test
    void onlyListedCallerHeadersAndTraceContextAreForwarded() throws Exception {
        try (TestUpstream crm = TestUpstream.start(Fixtures.crm());
             TestGateway gw = TestGateway.start(Map.of("gateway.upstreams",
                     "{\"crm\":{\"url\":\"" + crm.url() + "\",\"forward_headers\":[\"X-Tenant\"]}}"))) {
            NodeMcpClient.run(gw.mcpUrl(), List.of(call("execute_tool", Map.of("tool_name", "crm_deals_list"))), CALLER);
            Map<String, String> seen = crm.calls().get(0).headers();
            assertThat(seen).containsEntry("x-tenant", "t1")
                    .containsEntry("traceparent", CALLER.get("traceparent"))
                    .doesNotContainKeys("authorization", "cookie", "x-other");
        }
    }

    @Test
    void staticHeadersWinOverForwardedOnesAndRegistryTokenIsForDiscoveryOnly() throws Exception {
        try (TestUpstream crm = TestUpstream.start(Fixtures.crm());
             TestGateway gw = TestGateway.start(Map.of(
                     "gateway.upstreams", "{\"crm\":{\"url\":\"" + crm.url() + "\",\"forward_headers\":[\"x-tenant\"]}}",
                     "gateway.upstream-headers", "{\"crm\":{\"X-Tenant\":\"static\",\"Authorization\":\"Bearer exec-key\"}}",
                     "gateway.registry-auth-token", "abc"))) {
            NodeMcpClient.run(gw.mcpUrl(), List.of(
                    call("refresh_registry", Map.of()),
                    call("execute_tool", Map.of("tool_name", "crm_deals_list"))), CALLER);
            Map<String, String> exec = crm.calls().get(0).headers();
            assertThat(exec).containsEntry("x-tenant", "static").containsEntry("authorization", "Bearer exec-key");
            assertThat(crm.requests()).anySatisfy(h -> assertThat(h).containsEntry("authorization", "Bearer abc"));
            assertThat(crm.requests()).noneSatisfy(h -> assertThat(h.get("authorization")).isEqualTo("Bearer caller-secret"));
            assertThat(crm.requests()).filteredOn(h -> "Bearer abc".equals(h.get("authorization")))
                    .allSatisfy(h -> assertThat(h).doesNotContainKey("x-tenant"));
        }
    }
}
