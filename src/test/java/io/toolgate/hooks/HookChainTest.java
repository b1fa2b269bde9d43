package io.toolgate.hooks;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.toolgate.json.Json;
import io.toolgate.error.GatewayException;
import io.toolgate.json.ToolResults;
import io.toolgate.registry.RegistrySnapshot;
import io.toolgate.registry.ToolEntry;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HookChainTest {

    private final List<String> calls = new ArrayList<>();
    private final RegistrySnapshot snapshot = HookTestData.snapshot();
    private final ToolEntry search = snapshot.tool("crm_contacts_search");

    /** Records each stage it sees as "NAME:stage". */
    private final class Recording implements GatewayHook {
        private final String name;
        private final GatewayUser user;

        Recording(String name, GatewayUser user) {
            this.name = name;
            this.user = user;
        }

        @Override
        public GatewayUser onAuthenticate(Map<String, String> headers) {
            calls.add(name + ":auth");
            return user;
        }

        @Override
        public void beforeExecute(ExecutionContext context) {
            calls.add(name + ":before");
            context.arguments().put(name, true);
        }

        @Override
        public ObjectNode transformResult(ExecutionContext context, ObjectNode result) {
            calls.add(name + ":transform");
            return ToolResults.text(result.at("/content/0/text").asText() + "+" + name, false);
        }

        @Override
        public ObjectNode afterExecute(ExecutionContext context, ObjectNode result) {
            calls.add(name + ":after");
            return result;
        }

        @Override
        public void onError(ExecutionContext context, Exception error) {
            calls.add(name + ":error");
            throw new IllegalStateException("on_error hooks may fail");
        }
    }

    private ExecutionContext context() {
        return new ExecutionContext(search, Json.object(), Map.of("x-a", "1"), null, null);
    }

    @Test
    void runsEveryHookInOrderAndTheLastUserWins() {
        HookChain chain = new HookChain(List.of(new Recording("A", GatewayUser.of("alice")), new Recording("B", null),
                new Recording("C", GatewayUser.of("carol"))));
        assertThat(chain.authenticate(Map.of()).subject()).isEqualTo("carol");
        ExecutionContext ctx = context();
        chain.beforeExecute(ctx);
        ObjectNode result = chain.transformResult(ctx, ToolResults.text("r", false));
        chain.afterExecute(ctx, result);
        chain.onError(ctx, new RuntimeException("down"));

        assertThat(calls).containsExactly("A:auth", "B:auth", "C:auth", "A:before", "B:before", "C:before",
                "A:transform", "B:transform", "C:transform", "A:after", "B:after", "C:after",
                "A:error", "B:error", "C:error");
        assertThat(ctx.arguments().fieldNames()).toIterable().containsExactly("A", "B", "C");
        assertThat(result.at("/content/0/text").asText()).isEqualTo("r+A+B+C");
    }

    @Test
    void aDenialStopsTheChainWithItsMessageAndCode() {
        HookChain chain = new HookChain(List.of(new GatewayHook() {
            @Override
            public void beforeExecute(ExecutionContext context) {
                throw new ExecutionDenied("Not on weekends", "closed");
            }
        }, new Recording("B", null)));
        assertThatThrownBy(() -> chain.beforeExecute(context()))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.code()).isEqualTo("closed");
                    assertThat(e.getMessage()).isEqualTo("Not on weekends");
                    assertThat(Json.write(e.details())).isEqualTo("{\"tool\":\"crm_contacts_search\",\"domain\":\"crm\"}");
                });
        assertThat(calls).isEmpty();
        assertThat(new ExecutionDenied("no").code()).isEqualTo("forbidden");
    }

    @Test
    void anyOtherFailureBecomesHookErrorWithoutItsText() {
        HookChain chain = new HookChain(List.of(new GatewayHook() {
            @Override
            public ObjectNode afterExecute(ExecutionContext context, ObjectNode result) {
                throw new IllegalStateException("database password is hunter2");
            }
        }));
        assertThatThrownBy(() -> chain.afterExecute(context(), ToolResults.text("r", false)))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.code()).isEqualTo("hook_error");
                    assertThat(e.getMessage()).isEqualTo("A gateway hook failed while handling this call.")
                            .doesNotContain("hunter2");
                });
    }

    @Test
    void aResultWithoutContentIsAHookError() {
        HookChain chain = new HookChain(List.of(new GatewayHook() {
            @Override
            public ObjectNode transformResult(ExecutionContext context, ObjectNode result) {
                return Json.object();
            }
        }));
        assertThatThrownBy(() -> chain.transformResult(context(), ToolResults.text("r", false)))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.code()).isEqualTo("hook_error"));
    }

    @Test
    void listingsArePipelinedOnCopiesAndNullIsAHookError() {
        List<ToolEntry> all = new ArrayList<>(snapshot.tools().values());
        GatewayHook hideDelete = new GatewayHook() {
            @Override
            public List<ToolEntry> afterListTools(List<ToolEntry> tools, ListToolsContext context) {
                tools.removeIf(t -> t.name().endsWith("_delete"));
                return tools;
            }
        };
        GatewayHook seesOnlyWhatIsLeft = new GatewayHook() {
            @Override
            public List<ToolEntry> afterListTools(List<ToolEntry> tools, ListToolsContext context) {
                calls.add(tools.size() + " for " + context.domain());
                return tools;
            }
        };
        List<ToolEntry> out = new HookChain(List.of(hideDelete, seesOnlyWhatIsLeft))
                .afterListTools(all, new ListToolsContext("crm", Map.of(), null));
        assertThat(out).extracting(ToolEntry::name).containsExactly("crm_contacts_search");
        assertThat(all).hasSize(2);
        assertThat(calls).containsExactly("1 for crm");

        HookChain broken = new HookChain(List.of(new GatewayHook() {
            @Override
            public List<ToolEntry> afterListTools(List<ToolEntry> tools, ListToolsContext context) {
                return null;
            }
        }));
        assertThatThrownBy(() -> broken.afterListTools(all, new ListToolsContext(null, Map.of(), null)))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.code()).isEqualTo("hook_error"));
    }
}
