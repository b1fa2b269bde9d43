package io.toolgate.meta;

import com.fasterxml.jackson.databind.JsonNode;
import io.toolgate.GatewayWiring;
import io.toolgate.exchange.McpHeaders;
import io.toolgate.exchange.UpstreamHeaders;
import io.toolgate.json.Json;
import io.toolgate.registry.ToolRegistry;
import io.toolgate.testing.McpDispatch;
import io.toolgate.testing.MockUpstreamAdvice;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.apache.camel.EndpointInject;
import org.apache.camel.Exchange;
import org.apache.camel.MessageHistory;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.main.junit5.AdviceRouteMapping;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.toolgate.testing.McpDispatch.textJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The execute pipeline (meta-execute-tool → execute-pipeline → upstream-call, execute.camel.yaml) with no hook
 * configured, the examples domain registered and its endpoint replaced by a mock: what the endpoint receives, what
 * the caller gets back, and which steps run in which order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@CamelMainTest(configurationClasses = GatewayWiring.class,
        advices = @AdviceRouteMapping(route = "upstream-call", advice = MockUpstreamAdvice.class),
        properties = {"gateway.host=127.0.0.1", "gateway.port=0", "camel.main.message-history=true",
                "gateway.examples=true", "gateway.search=lexical", "gateway.forward-headers=x-tenant"})
class ExecutePipelineRouteTest {

    private static final String STATS = "{\"tool_name\":\"examples_text_stats\",\"arguments\":{\"text\":\"x\"}}";

    @BeanInject
    CamelContext context;

    @BeanInject
    ToolRegistry registry;

    @EndpointInject(MockUpstreamAdvice.URI)
    MockEndpoint upstream;

    private McpDispatch mcp;

    @BeforeEach
    void ready() {
        await().atMost(Duration.ofSeconds(30)).until(registry::isPopulated);
        mcp = new McpDispatch(context);
        upstream.reset();
        upstream.whenAnyExchangeReceived(e -> e.getMessage().setBody(Map.of("words", 2)));
    }

    @SuppressWarnings("unchecked")
    private static List<String> steps(Exchange e) {
        List<MessageHistory> history = e.getProperty(Exchange.MESSAGE_HISTORY, List.class);
        return history.stream().map(h -> h.getNode().getLabel()).toList();
    }

    private void failUpstream(String message) {
        upstream.whenAnyExchangeReceived(e -> {
            throw new IllegalStateException(message);
        });
    }

    @Test
    void theBoundEndpointReceivesTheToolsNameAndArguments() {
        mcp.execute("examples_text_stats", "{\"text\":\"one two\"}");
        assertThat(upstream.getReceivedExchanges()).singleElement().satisfies(e -> {
            assertThat(e.getIn().getHeader(UpstreamHeaders.METHOD)).isEqualTo("tools/call");
            assertThat(e.getIn().getHeader(UpstreamHeaders.TOOL)).isEqualTo("examples_text_stats");
            assertThat(e.getIn().getBody()).isEqualTo(Map.of("text", "one two"));
        });
    }

    @Test
    void theCallersHeadersDoNotReachTheEndpoint() {
        mcp.callTool("execute_tool", STATS, Map.of("authorization", "Bearer caller-token"));
        assertThat(upstream.getReceivedExchanges()).singleElement()
                .satisfies(e -> assertThat(e.getIn().getHeaders()).doesNotContainKey(McpHeaders.REQUEST_HEADERS)
                        .allSatisfy((name, value) -> assertThat(String.valueOf(value)).doesNotContain("caller-token")));
    }

    @Test
    void theEndpointReceivesOnlyTheContractHeaders() {
        JsonNode result = McpDispatch.result(mcp.callTool("execute_tool", STATS, Map.of("x-tenant", "tenant-secret-1")));
        assertThat(upstream.getReceivedExchanges()).singleElement().satisfies(e -> {
            assertThat(e.getIn().getHeaders().keySet())
                    .isSubsetOf(UpstreamHeaders.METHOD, UpstreamHeaders.TOOL, UpstreamHeaders.META);
            assertThat(e.getIn().getHeaders()).allSatisfy((name, value) ->
                    assertThat(String.valueOf(value)).doesNotContain("tenant-secret-1"));
        });
        assertThat(result.path("structuredContent").path("words").asInt()).isEqualTo(2);
    }

    @Test
    void theEndpointsAnswerBecomesTheCallToolResult() {
        JsonNode result = mcp.execute("examples_text_stats", "{\"text\":\"one two\"}");
        assertThat(result).isEqualTo(Json.parse("{\"content\":[{\"type\":\"text\",\"text\":\"{\\\"words\\\":2}\"}],"
                + "\"isError\":false,\"structuredContent\":{\"words\":2}}"));
    }

    @Test
    void invalidArgumentsNeverReachTheEndpoint() {
        JsonNode result = mcp.execute("examples_text_stats", "{\"txt\":\"x\"}");
        assertThat(result.path("isError").asBoolean()).isTrue();
        JsonNode error = textJson(result);
        assertThat(error.path("code").asText()).isEqualTo("invalid_arguments");
        assertThat(error.at("/details/violations")).isEqualTo(Json.parse(
                "[\"missing required argument 'text'\",\"unknown argument 'txt'\"]"));
        assertThat(upstream.getReceivedCounter()).isZero();
    }

    @Test
    void anUnknownToolIsToolNotFoundWithSuggestionsAndNoCall() {
        JsonNode error = textJson(mcp.execute("examples_text_stat", "{}"));
        assertThat(error.path("code").asText()).isEqualTo("tool_not_found");
        assertThat(error.at("/details/suggestions/0").asText()).isEqualTo("examples_text_stats");
        assertThat(upstream.getReceivedCounter()).isZero();
    }

    @Test
    void anEndpointFailureIsAnExecutionErrorWithoutItsText() {
        failUpstream("database password is hunter2");
        JsonNode result = mcp.execute("examples_text_stats", "{\"text\":\"x\"}");
        assertThat(result.path("isError").asBoolean()).isTrue();
        assertThat(textJson(result)).isEqualTo(Json.parse("{\"error\":\"Tool 'examples_text_stats' failed: upstream server "
                + "'examples' returned an error. Other domains may still be available.\",\"code\":\"execution_error\","
                + "\"details\":{\"tool\":\"examples_text_stats\",\"domain\":\"examples\"}}"));
    }

    @Test
    void theStagesRunInTheOrderOfTheHookLifecycle() {
        Exchange e = mcp.callTool("execute_tool", STATS, Map.of());
        assertThat(steps(e)).containsSubsequence("ref:hookAuthenticate", "ref:resolveTool", "ref:hookBeforeExecute",
                "ref:hookRouteBeforeExecute", "ref:validateArguments", "ref:upstreamRequest",
                "to[" + MockUpstreamAdvice.URI + "]", "ref:upstreamResult", "ref:hookTransformResult", "ref:executeResult",
                "ref:hookAfterExecute", "ref:hookRouteAfterExecute", "ref:jsonRpcResult");
        assertThat(steps(e)).doesNotContain("ref:hookOnError", "ref:toolFailure");
    }

    @Test
    void onAFailureTheOnErrorStepsRunAndTheResultStepsDoNot() {
        failUpstream("down");
        Exchange e = mcp.callTool("execute_tool", STATS, Map.of());
        assertThat(steps(e)).containsSubsequence("to[" + MockUpstreamAdvice.URI + "]", "ref:hookOnError",
                "ref:hookRouteOnError", "ref:rethrow", "ref:toolFailure");
        assertThat(steps(e)).doesNotContain("ref:upstreamResult", "ref:hookTransformResult", "ref:executeResult",
                "ref:hookAfterExecute");
    }
}
