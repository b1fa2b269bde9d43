package io.toolgate.hooks;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.toolgate.json.Json;
import io.toolgate.json.ToolResults;
import io.toolgate.registry.RegistrySnapshot;
import io.toolgate.registry.ToolEntry;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The contract of the direct:hook-* extension points, with routes written in the Java DSL. */
class RouteExtensionHookTest {

    private final CamelContext camel = new DefaultCamelContext();
    private final RegistrySnapshot snapshot = HookTestData.snapshot();
    private final ToolEntry search = snapshot.tool("crm_contacts_search");
    private final List<Map<String, Object>> seen = new ArrayList<>();

    private RouteExtensionHook start(RouteBuilder routes) throws Exception {
        camel.addRoutes(routes);
        camel.start();
        return RouteExtensionHook.find(camel);
    }

    private void record(Exchange e) {
        seen.add(Map.copyOf(e.getIn().getHeaders()));
    }

    private ExecutionContext context(GatewayUser user) {
        ObjectNode args = Json.object();
        args.put("query", "Jane");
        return new ExecutionContext(search, args, Map.of("x-tenant", "acme"), user, null);
    }

    @AfterEach
    void stop() {
        camel.stop();
    }

    @Test
    void noExtensionRouteMeansNoHook() throws Exception {
        assertThat(start(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:something-else").log("x");
            }
        })).isNull();
    }

    @Test
    void authenticateAndBeforeExecute() throws Exception {
        RouteExtensionHook hook = start(new RouteBuilder() {
            @Override
            public void configure() {
                from(RouteExtensionHook.AUTHENTICATE)
                        .setHeader(RouteExtensionHook.USER_SUBJECT, simple("${header.ToolgateRequestHeaders[x-user]}"))
                        .setHeader(RouteExtensionHook.USER_SCOPES, constant("a, b"));
                from(RouteExtensionHook.BEFORE_EXECUTE).process(RouteExtensionHookTest.this::record)
                        .process(e -> e.getIn().getBody(Map.class).put("limit", 5))
                        .setHeader("ToolgateUpstreamHeader.X-Tenant", simple("${header.ToolgateRequestHeaders[x-tenant]}"));
            }
        });
        assertThat(hook.points()).containsExactly(RouteExtensionHook.AUTHENTICATE, RouteExtensionHook.BEFORE_EXECUTE);
        assertThat(hook.onAuthenticate(Map.of("x-user", "alice"))).isEqualTo(new GatewayUser("alice", java.util.Set.of("a", "b"), Map.of()));
        assertThat(hook.onAuthenticate(Map.of())).isNull();

        ExecutionContext ctx = context(GatewayUser.of("alice", "crm:read", "admin"));
        hook.beforeExecute(ctx);
        assertThat(Json.write(ctx.arguments())).isEqualTo("{\"query\":\"Jane\",\"limit\":5}");
        assertThat(ctx.extraHeaders()).containsExactly(Map.entry("X-Tenant", "acme"));
        assertThat(seen.get(0)).containsEntry(RouteExtensionHook.TOOL_NAME, "crm_contacts_search")
                .containsEntry(RouteExtensionHook.DOMAIN, "crm")
                .containsEntry(RouteExtensionHook.ORIGINAL_NAME, "contacts_search")
                .containsEntry(RouteExtensionHook.USER_SUBJECT, "alice")
                .containsEntry(RouteExtensionHook.USER_SCOPES, "admin crm:read");
    }

    @Test
    void deniesByHeaderOrException() throws Exception {
        RouteExtensionHook hook = start(new RouteBuilder() {
            @Override
            public void configure() {
                from(RouteExtensionHook.BEFORE_EXECUTE)
                        .setHeader(RouteExtensionHook.DENIED, constant("Closed today"))
                        .setHeader(RouteExtensionHook.DENIED_CODE, constant("closed"));
                from(RouteExtensionHook.AFTER_EXECUTE).errorHandler(noErrorHandler())
                        .throwException(new ExecutionDenied("Result withheld"));
            }
        });
        assertThatThrownBy(() -> hook.beforeExecute(context(null))).isInstanceOfSatisfying(ExecutionDenied.class,
                d -> assertThat(d.getMessage() + "/" + d.code()).isEqualTo("Closed today/closed"));
        assertThatThrownBy(() -> hook.afterExecute(context(null), ToolResults.text("r", false)))
                .isInstanceOfSatisfying(ExecutionDenied.class,
                        d -> assertThat(d.getMessage() + "/" + d.code()).isEqualTo("Result withheld/forbidden"));
    }

    @Test
    void aFailingRouteOrABadAnswerFails() throws Exception {
        RouteExtensionHook hook = start(new RouteBuilder() {
            @Override
            public void configure() {
                from(RouteExtensionHook.BEFORE_EXECUTE).errorHandler(noErrorHandler())
                        .throwException(new IllegalArgumentException("boom"));
                from(RouteExtensionHook.AFTER_EXECUTE).setBody(constant("[1,2]"));
            }
        });
        assertThatThrownBy(() -> hook.beforeExecute(context(null))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("direct:hook-before-execute failed: boom");
        assertThatThrownBy(() -> hook.afterExecute(context(null), ToolResults.text("r", false)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not a JSON object");
    }

    @Test
    void afterExecuteGetsJsonTextAndOnErrorTheFailure() throws Exception {
        RouteExtensionHook hook = start(new RouteBuilder() {
            @Override
            public void configure() {
                from(RouteExtensionHook.AFTER_EXECUTE).setBody(simple("${body.replace('r1', 'r2')}"));
                from(RouteExtensionHook.ON_ERROR).process(RouteExtensionHookTest.this::record);
            }
        });
        ObjectNode out = hook.afterExecute(context(null), ToolResults.text("r1", false));
        assertThat(Json.write(out)).isEqualTo(Json.write(ToolResults.text("r2", false)));
        hook.onError(context(null), new IllegalStateException("connection refused"));
        assertThat(seen.get(0)).containsEntry(RouteExtensionHook.ERROR, "connection refused");
    }

    @Test
    void afterListToolsKeepsTheNamesItAnswersAndHidesGlobs() throws Exception {
        RouteExtensionHook hook = start(new RouteBuilder() {
            @Override
            public void configure() {
                from(RouteExtensionHook.AFTER_LIST_TOOLS).process(RouteExtensionHookTest.this::record).choice()
                        .when(header(RouteExtensionHook.DOMAIN).isEqualTo("crm"))
                        .setBody(constant(List.of("crm_contacts_search", "not_a_tool")))
                        .otherwise()
                        .setHeader(RouteExtensionHook.HIDDEN_TOOLS, constant("*_search"));
            }
        });
        List<ToolEntry> all = new ArrayList<>(snapshot.tools().values());
        assertThat(hook.afterListTools(all, new ListToolsContext("crm", Map.of(), null)))
                .extracting(ToolEntry::name).containsExactly("crm_contacts_search");
        assertThat(hook.afterListTools(all, new ListToolsContext(null, Map.of(), GatewayUser.of("bob"))))
                .extracting(ToolEntry::name).containsExactly("crm_contacts_delete");
        assertThat(seen.get(1)).containsEntry(RouteExtensionHook.USER_SUBJECT, "bob")
                .doesNotContainKey(RouteExtensionHook.DOMAIN);
    }
}
