package io.toolgate.meta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.toolgate.codemode.NestedCalls;
import io.toolgate.error.GatewayException;
import io.toolgate.exchange.ExchangeProperties;
import io.toolgate.json.Json;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The tool calls of one {@code execute_code} run, each sent through the {@code meta-execute-tool} route on a copy of
 * the caller's exchange: the same user, request headers and {@code _meta}, so visibility and access policy, every
 * hook, argument validation, the upstream call and the output guard apply as to an {@code execute_tool} call. A
 * result with {@code isError} becomes a failure inside the sandbox: the gateway's own error with its code, or an
 * upstream's error result with code {@code upstream_error}. A successful result is its {@code structuredContent}, else the
 * text of its first text block, parsed when it is a JSON object or array.
 */
final class NestedToolCalls implements NestedCalls {

    static final String UPSTREAM_ERROR = "upstream_error";

    private final ProducerTemplate template;
    private final Endpoint executeTool;
    private final Exchange caller;
    private final Map<String, String> functions;
    private final ToolFailureProcessor failures = new ToolFailureProcessor();
    private final List<String> invoked = new CopyOnWriteArrayList<>();

    /** @param functions each sandbox function name, with the exposed name of the tool it calls */
    NestedToolCalls(ProducerTemplate template, Endpoint executeTool, Exchange caller, Map<String, String> functions) {
        this.template = template;
        this.executeTool = executeTool;
        this.caller = caller;
        this.functions = functions;
    }

    /** The sandbox's function names. */
    Set<String> functionNames() {
        return functions.keySet();
    }

    /** The exposed names of the tools called so far, in order. */
    List<String> invoked() {
        return List.copyOf(invoked);
    }

    @Override
    public JsonNode call(String function, JsonNode arguments) {
        String tool = functions.get(function);
        if (tool == null) {
            throw new GatewayException("tool_not_found", "No tool is named '" + function + "'", null);
        }
        invoked.add(tool);
        ObjectNode body = Json.object();
        body.put("tool_name", tool);
        body.set("arguments", arguments == null || arguments.isNull() ? Json.object() : arguments);
        Exchange nested = caller.copy();
        nested.getIn().setBody(body);
        nested.removeProperty(ExchangeProperties.TOOL_ENTRY);
        nested.removeProperty(ExchangeProperties.EXECUTION_CONTEXT);
        Exchange done = template.send(executeTool, nested);
        if (done.getException() != null) {
            done.setProperty(Exchange.EXCEPTION_CAUGHT, done.getException());
            done.setException(null);
            failures.process(done);
        }
        return value(tool, done.getIn().getBody(JsonNode.class));
    }

    private static JsonNode value(String tool, JsonNode result) {
        String text = firstText(result);
        if (result.path("isError").asBoolean(false)) {
            JsonNode gateway = parse(text);
            if (gateway != null && gateway.path("code").isTextual() && gateway.path("error").isTextual()) {
                JsonNode details = gateway.get("details");
                throw new GatewayException(gateway.get("code").textValue(), gateway.get("error").textValue(),
                        details instanceof ObjectNode o ? o : null);
            }
            ObjectNode details = Json.object();
            details.put("tool", tool);
            throw new GatewayException(UPSTREAM_ERROR, text == null ? "Tool '" + tool + "' returned an error" : text, details);
        }
        JsonNode structured = result.get("structuredContent");
        if (structured != null && !structured.isNull()) {
            return structured;
        }
        JsonNode parsed = parse(text);
        return parsed != null && parsed.isContainerNode() ? parsed : TextNode.valueOf(text == null ? "" : text);
    }

    private static String firstText(JsonNode result) {
        for (JsonNode block : result.path("content")) {
            if ("text".equals(block.path("type").asText()) && block.path("text").isTextual()) {
                return block.get("text").textValue();
            }
        }
        return null;
    }

    private static JsonNode parse(String text) {
        if (text == null) {
            return null;
        }
        String t = text.strip();
        if (!(t.startsWith("{") || t.startsWith("["))) {
            return null;
        }
        try {
            return Json.parse(t);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
