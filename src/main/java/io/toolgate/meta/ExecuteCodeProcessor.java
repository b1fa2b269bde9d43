package io.toolgate.meta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.toolgate.codemode.RunLimits;
import io.toolgate.codemode.RunOutcome;
import io.toolgate.codemode.WorkerPool;
import io.toolgate.error.GatewayException;
import io.toolgate.hooks.HookChain;
import io.toolgate.hooks.Visibility;
import io.toolgate.json.Json;
import io.toolgate.registry.RegistrySnapshot;
import io.toolgate.registry.Signatures;
import io.toolgate.registry.ToolEntry;
import io.toolgate.registry.ToolRegistry;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code execute_code}: checks the code, asks the hooks whether this caller may run code ({@code authorizeCodeMode},
 * {@code direct:hook-authorize-code}), gives the sandbox one async function per tool the caller may see (named as
 * {@link Signatures#functionName} declares it; hidden tools do not exist there), runs the code on a worker process
 * with its nested calls going through {@link NestedToolCalls}, writes the audit record, and answers the result (see
 * {@link CodeResult}) or the run's error as a gateway error: {@code syntax_error}, {@code timeout},
 * {@code resource_limit}, {@code recursion_limit}, {@code nested_call_limit}, {@code tool_error} or the uncaught
 * nested call's own code, {@code sandbox_error}; the console lines go in its details. A run is never retried.
 */
public final class ExecuteCodeProcessor implements Processor {

    private final ToolRegistry registry;
    private final Visibility visibility;
    private final HookChain hooks;
    private final WorkerPool pool;
    private final RunLimits limits;
    private final long maxResultBytes;
    private final boolean auditVerbatim;
    private final ProducerTemplate template;
    private final Endpoint executeTool;

    public ExecuteCodeProcessor(ToolRegistry registry, Visibility visibility, HookChain hooks, WorkerPool pool,
                                RunLimits limits, long maxResultBytes, boolean auditVerbatim, ProducerTemplate template,
                                Endpoint executeTool) {
        this.registry = registry;
        this.visibility = visibility;
        this.hooks = hooks;
        this.pool = pool;
        this.limits = limits;
        this.maxResultBytes = maxResultBytes;
        this.auditVerbatim = auditVerbatim;
        this.template = template;
        this.executeTool = executeTool;
    }

    @Override
    public void process(Exchange exchange) throws InterruptedException {
        JsonNode args = exchange.getIn().getBody(JsonNode.class);
        MetaTools.check(MetaTools.EXECUTE_CODE, args);
        String code = args.get("code").textValue();
        if (code.isBlank()) {
            throw new GatewayException("invalid_argument", "Empty code body", null);
        }
        hooks.authorizeCodeMode(Visibility.user(exchange), Visibility.headers(exchange));
        NestedToolCalls calls = new NestedToolCalls(template, executeTool, exchange, functions(exchange));
        CodeAudit audit = new CodeAudit(code, Visibility.user(exchange), auditVerbatim);
        RunOutcome outcome;
        try {
            outcome = pool.run(code, new ArrayList<>(calls.functionNames()), limits, calls);
        } catch (InterruptedException | RuntimeException e) {
            audit.done(calls.invoked(), "sandbox_error");
            throw e;
        }
        audit.done(calls.invoked(), outcome.ok() ? "ok" : outcome.errorCode());
        if (!outcome.ok()) {
            ObjectNode details = outcome.errorDetails() == null ? Json.object() : outcome.errorDetails().deepCopy();
            details.set("logs", Json.array(outcome.logs()));
            throw new GatewayException(outcome.errorCode(), outcome.errorMessage(), details);
        }
        exchange.getIn().setBody(CodeResult.of(outcome.value(), outcome.logs(), maxResultBytes));
    }

    /** Each function the sandbox offers, with the tool it calls: the tools this caller may see, by name. */
    private Map<String, String> functions(Exchange exchange) {
        RegistrySnapshot snapshot = registry.snapshot();
        Map<String, String> out = new LinkedHashMap<>();
        List<ToolEntry> visible = snapshot.tools().values().stream()
                .filter(visibility.of(exchange, snapshot, null)).toList();
        for (ToolEntry t : visible) {
            out.putIfAbsent(Signatures.functionName(t.name()), t.name());
        }
        return out;
    }
}
