package io.toolgate.health;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.toolgate.json.Json;
import io.toolgate.observability.OperatorToken;
import io.toolgate.registry.DomainHealth;
import io.toolgate.registry.ToolRegistry;
import io.toolgate.search.ToolSearch;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * {@code /readyz}: 503 until the first populate attempt has finished, whatever its outcome, and (with code mode on)
 * a code-mode worker has warmed up, so the first {@code execute_code} does not wait for a worker's start; then 200.
 * The body also tells how far search is: its mode, the tools, and how many of them have a vector (search works
 * lexically for the others, so this never holds readiness back). {@code /readyz?verbose} adds every domain's health;
 * it needs the operator token when one is configured (401 without it), since it names upstreams and their errors.
 */
public final class ReadinessProcessor implements Processor {

    private final ToolRegistry registry;
    private final ToolSearch search;
    private final BooleanSupplier codeModeReady;
    private final Supplier<List<DomainHealth>> health;
    private final OperatorToken operatorToken;

    /**
     * @param codeModeReady true once code mode can run code at once (always true with code mode off)
     * @param health        every domain's health, for the verbose answer
     */
    public ReadinessProcessor(ToolRegistry registry, ToolSearch search, BooleanSupplier codeModeReady,
                              Supplier<List<DomainHealth>> health, OperatorToken operatorToken) {
        this.registry = registry;
        this.search = search;
        this.codeModeReady = codeModeReady;
        this.health = health;
        this.operatorToken = operatorToken;
    }

    @Override
    public void process(Exchange exchange) {
        Message message = exchange.getMessage();
        boolean verbose = isVerbose(message.getHeader(Exchange.HTTP_QUERY, String.class));
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        if (verbose && !operatorToken.permits(message.getHeader("Authorization", String.class))) {
            message.setHeader(Exchange.HTTP_RESPONSE_CODE, 401);
            message.setHeader("WWW-Authenticate", "Bearer");
            message.setBody("{\"error\":\"unauthorized\",\"message\":\"/readyz?verbose needs the operator token (GATEWAY_OPERATOR_TOKEN)\"}");
            return;
        }
        boolean ready = registry.isPopulated() && codeModeReady.getAsBoolean();
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, ready ? 200 : 503);
        ObjectNode body = Json.object();
        body.put("status", ready ? "ready" : "starting");
        ToolSearch.Status s = search.status();
        ObjectNode status = body.putObject("search").put("mode", s.mode()).put("tools", s.tools());
        if (!s.mode().equals("lexical")) {
            status.put("vectors", s.vectors());
        }
        status.put("learned", s.learned());
        if (s.failure() != null) {
            status.put("model_error", s.failure());
        }
        if (verbose) {
            ArrayNode domains = body.putArray("domains");
            for (DomainHealth h : health.get()) {
                ObjectNode d = domains.addObject();
                d.put("name", h.domain());
                d.put("state", h.state().label());
                d.put("tool_count", h.toolCount());
                d.put("last_success", h.lastSuccess() == null ? null : h.lastSuccess().toString());
                d.put("last_error", h.lastError());
            }
        }
        message.setBody(Json.write(body));
    }

    /** {@code verbose} or {@code verbose=true} among the query parameters. */
    private static boolean isVerbose(String query) {
        return query != null && Arrays.stream(query.split("&"))
                .anyMatch(p -> p.equals("verbose") || p.equals("verbose=") || p.equals("verbose=true") || p.equals("verbose=1"));
    }
}
