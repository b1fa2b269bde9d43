package io.toolgate.meta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.toolgate.GatewayWiring;
import io.toolgate.exchange.ExchangeProperties;
import io.toolgate.exchange.UpstreamHeaders;
import io.toolgate.hooks.ExecutionContext;
import io.toolgate.hooks.GatewayHook;
import io.toolgate.hooks.GatewayUser;
import io.toolgate.hooks.ListToolsContext;
import io.toolgate.hooks.RouteExtensionHook;
import io.toolgate.json.Json;
import io.toolgate.registry.ToolEntry;
import io.toolgate.registry.ToolRegistry;
import io.toolgate.testing.McpDispatch;
import io.toolgate.testing.MockUpstreamAdvice;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.apache.camel.EndpointInject;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.main.junit5.AdviceRouteMapping;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.apache.camel.test.main.junit5.Configure;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.toolgate.testing.McpDispatch.textJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The execute pipeline with a Java hook ({@code GATEWAY_HOOK_CLASSES}) and a route at every {@code direct:hook-*}
 * extension point, the examples domain's endpoint replaced by a mock. Both record each stage they see, so the order
 * of the stages, the Java hook before the route at each, shows in {@link #STAGES}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@CamelMainTest(configurationClasses = GatewayWiring.class,
        advices = @AdviceRouteMapping(route = "upstream-call", advice = MockUpstreamAdvice.class),
        properties = {"gateway.host=127.0.0.1", "gateway.port=0", "gateway.examples=true",
                "gateway.search=lexical", "gateway.allowed-hook-prefixes=io.toolgate.meta",
                "gateway.hook-classes=io.toolgate.meta.ExecuteHooksRouteTest$RecordingHook"})
class ExecuteHooksRouteTest {

    /** What the hook and the routes saw, as "java:STAGE" and "route:STAGE". */
    static final List<String> STAGES = new CopyOnWriteArrayList<>();
    /** The ToolgateError header hook-on-error received. */
    static final List<String> ERRORS = new CopyOnWriteArrayList<>();

    /** Records every stage; changes nothing. */
    public static class RecordingHook implements GatewayHook {
        @Override
        public GatewayUser onAuthenticate(Map<String, String> headers) {
            STAGES.add("java:authenticate");
            return null;
        }

        @Override
        public List<ToolEntry> afterListTools(List<ToolEntry> tools, ListToolsContext context) {
            STAGES.add("java:after-list-tools");
            return tools;
        }

        @Override
        public void beforeExecute(ExecutionContext context) {
            STAGES.add("java:before-execute");
        }

        @Override
        public ObjectNode transformResult(ExecutionContext context, ObjectNode result) {
            STAGES.add("java:transform-result");
            return result;
        }

        @Override
        public ObjectNode afterExecute(ExecutionContext context, ObjectNode result) {
            STAGES.add("java:after-execute");
            return result;
        }

        @Override
        public void onError(ExecutionContext context, Exception error) {
            STAGES.add("java:on-error");
        }
    }

    /**
     * A route at each extension point. hook-before-execute refuses examples_http_get, upper-cases the text of the
     * others and adds an upstream header; hook-after-execute redacts the word "secret".
     */
    static class ExtensionRoutes extends RouteBuilder {
        @Override
        public void configure() {
            from(RouteExtensionHook.AUTHENTICATE).process(e -> STAGES.add("route:authenticate"));
            from(RouteExtensionHook.AFTER_LIST_TOOLS).process(e -> STAGES.add("route:after-list-tools"));
            from(RouteExtensionHook.BEFORE_EXECUTE).process(e -> STAGES.add("route:before-execute"))
                    .choice()
                    .when(header(RouteExtensionHook.TOOL_NAME).isEqualTo("examples_http_get"))
                        .setHeader(RouteExtensionHook.DENIED, constant("No fetching today"))
                        .setHeader(RouteExtensionHook.DENIED_CODE, constant("no_fetch"))
                    .otherwise()
                        .process(e -> {
                            Map<String, Object> args = e.getIn().getBody(Map.class);
                            args.put("text", args.get("text").toString().toUpperCase());
                        })
                        .setHeader(RouteExtensionHook.UPSTREAM_HEADER_PREFIX + "X-Tenant", constant("acme"))
                    .end();
            from(RouteExtensionHook.AFTER_EXECUTE).process(e -> STAGES.add("route:after-execute"))
                    .transform(body().regexReplaceAll("secret", "[redacted]"));
            from(RouteExtensionHook.ON_ERROR).process(e -> {
                STAGES.add("route:on-error");
                ERRORS.add(e.getIn().getHeader(RouteExtensionHook.ERROR, String.class));
            });
        }
    }

    @Configure
    void extensionRoutes(MainConfigurationProperties configuration) {
        configuration.addRoutesBuilder(new ExtensionRoutes());
    }

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
        upstream.whenAnyExchangeReceived(e -> e.getMessage().setBody("the secret is out"));
        STAGES.clear();
        ERRORS.clear();
    }

    @Test
    void eachStageRunsTheJavaHookThenTheRouteInLifecycleOrder() {
        mcp.execute("examples_text_stats", "{\"text\":\"x\"}");
        assertThat(STAGES).containsExactly("java:authenticate", "route:authenticate",
                "java:after-list-tools", "route:after-list-tools", "java:before-execute", "route:before-execute",
                "java:transform-result", "java:after-execute", "route:after-execute");
    }

    @Test
    void theUpstreamReceivesTheArgumentsTheBeforeExecuteRouteAnswered() {
        mcp.execute("examples_text_stats", "{\"text\":\"quiet\"}");
        assertThat(upstream.getReceivedExchanges()).singleElement()
                .satisfies(e -> assertThat(e.getIn().getBody()).isEqualTo(Map.of("text", "QUIET")));
    }

    @Test
    void headersTheBeforeExecuteRouteSetReachTheUpstream() {
        mcp.execute("examples_text_stats", "{\"text\":\"x\"}");
        assertThat(upstream.getReceivedExchanges()).singleElement()
                .satisfies(e -> assertThat(e.getProperty(ExchangeProperties.OUTBOUND_HEADERS, Map.class))
                        .containsEntry("X-Tenant", "acme"));
    }

    @Test
    void aDenialFromBeforeExecuteStopsTheCallWithItsMessageAndCode() {
        JsonNode result = mcp.execute("examples_http_get", "{\"url\":\"https://example.com/\"}");
        assertThat(result.path("isError").asBoolean()).isTrue();
        assertThat(textJson(result)).isEqualTo(Json.parse("{\"error\":\"No fetching today\",\"code\":\"no_fetch\","
                + "\"details\":{\"tool\":\"examples_http_get\",\"domain\":\"examples\"}}"));
        assertThat(upstream.getReceivedCounter()).isZero();
        assertThat(STAGES).endsWith("route:before-execute");
    }

    @Test
    void theAfterExecuteRouteRewritesTheResultTheCallerGets() {
        JsonNode result = mcp.execute("examples_text_stats", "{\"text\":\"x\"}");
        assertThat(result.at("/content/0/text").asText()).isEqualTo("the [redacted] is out");
    }

    @Test
    void onErrorRunsTheJavaHookThenTheRouteWhenTheUpstreamFails() {
        upstream.whenAnyExchangeReceived(e -> {
            throw new IllegalStateException("connection reset");
        });
        JsonNode result = mcp.execute("examples_text_stats", "{\"text\":\"x\"}");
        assertThat(textJson(result).path("code").asText()).isEqualTo("execution_error");
        assertThat(STAGES).endsWith("route:before-execute", "java:on-error", "route:on-error");
        assertThat(ERRORS).containsExactly("connection reset");
    }

    @Test
    void onErrorDoesNotRunWhenTheArgumentsAreInvalid() {
        JsonNode result = mcp.execute("examples_text_stats", "{\"text\":\"x\",\"extra\":1}");
        assertThat(textJson(result).path("code").asText()).isEqualTo("invalid_arguments");
        assertThat(STAGES).doesNotContain("java:on-error", "route:on-error");
        assertThat(upstream.getReceivedCounter()).isZero();
    }

    @Test
    void theRoutesHeadersStayOnTheirOwnExchange() {
        mcp.execute("examples_text_stats", "{\"text\":\"x\"}");
        assertThat(upstream.getReceivedExchanges()).singleElement()
                .satisfies(e -> assertThat(e.getIn().getHeaders()).doesNotContainKeys(
                        RouteExtensionHook.UPSTREAM_HEADER_PREFIX + "X-Tenant", RouteExtensionHook.TOOL_NAME));
    }
}
