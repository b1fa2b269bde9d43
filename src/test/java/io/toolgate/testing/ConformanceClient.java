package io.toolgate.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.toolgate.json.Json;
import io.toolgate.upstream.UpstreamClient;
import io.toolgate.upstream.UpstreamListener;
import org.awaitility.core.ConditionTimeoutException;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.awaitility.Awaitility.await;

/**
 * The MCP conformance suite's client under test: toolgate's upstream client ({@link UpstreamClient}) driven the way
 * the gateway drives it. {@code conformance client --command '… ConformanceClient'} runs it once per scenario with the
 * server URL as last argument and the scenario's tool calls, if any, in {@code MCP_CONFORMANCE_CONTEXT}. It connects
 * (discover or initialize), lists the tools and calls them: the calls the context names, else every listed tool with
 * arguments made from its schema (in {@code json-schema-2020-12-preservation}, the echo tool gets the other tool's
 * {@code inputSchema} as received, to show nothing was lost). It plays the gateway's client for relayed requests: an
 * elicitation is accepted with the schema's defaults. Exits 1 when a call fails.
 */
public final class ConformanceClient {

    private ConformanceClient() {
    }

    public static void main(String[] args) {
        String url = args[args.length - 1];
        UpstreamListener user = new UpstreamListener() {
            @Override
            public void notification(JsonNode message) {
            }

            @Override
            public JsonNode request(JsonNode message) {
                ObjectNode answer = Json.object();
                ObjectNode result = answer.putObject("result");
                if ("elicitation/create".equals(message.path("method").asText())) {
                    result.put("action", "accept");
                    ObjectNode content = result.putObject("content");
                    for (Iterator<Map.Entry<String, JsonNode>> it = message.at("/params/requestedSchema/properties").fields();
                         it.hasNext(); ) {
                        Map.Entry<String, JsonNode> field = it.next();
                        if (field.getValue().has("default")) {
                            content.set(field.getKey(), field.getValue().get("default"));
                        }
                    }
                }
                return answer;
            }

            @Override
            public JsonNode clientCapabilities() {
                return Json.parse("{\"elicitation\":{},\"sampling\":{},\"roots\":{}}");
            }

            @Override
            public void started(Runnable cancel) {
            }
        };
        int failures = 0;
        ExecutorService relay = Executors.newCachedThreadPool();
        try (UpstreamClient client = UpstreamClient.streamableHttp("conformance", URI.create(url),
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(), 20_000, 1 << 24, 4, "conformance",
                relay, event -> { })) {
            Map<String, String> headers = Map.of();
            client.capabilities(headers);
            // as the gateway does: hold the event stream, on which some servers send their requests
            CompletableFuture<Void> listened = CompletableFuture.runAsync(() -> client.listen(headers), relay);
            try {
                await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10))
                        .until(() -> client.listening() || listened.isDone());
            } catch (ConditionTimeoutException notYet) {
                // a server that neither opened nor refused the stream by then: the scenario goes on without it
            }
            JsonNode context = Json.parse(System.getenv().getOrDefault("MCP_CONFORMANCE_CONTEXT", "{}"));
            List<JsonNode> tools = client.listTools(headers);
            if (context.path("toolCalls").isArray()) {
                for (JsonNode call : context.get("toolCalls")) {
                    failures += call(client, call.get("name").asText(), call.path("arguments"), user);
                }
            } else {
                boolean echo = "json-schema-2020-12-preservation".equals(System.getenv("MCP_CONFORMANCE_SCENARIO"));
                for (JsonNode tool : tools) {
                    ObjectNode arguments = arguments(tool.path("inputSchema"));
                    if (echo && arguments.has("schema")) {
                        tools.stream().filter(t -> t != tool).findFirst()
                                .ifPresent(other -> arguments.set("schema", other.get("inputSchema")));
                    }
                    failures += call(client, tool.get("name").asText(), arguments, user);
                }
            }
        } catch (RuntimeException e) {
            System.err.println("conformance client failed: " + e);
            failures++;
        }
        relay.shutdownNow();
        System.exit(failures == 0 ? 0 : 1);
    }

    private static int call(UpstreamClient client, String name, JsonNode arguments, UpstreamListener user) {
        try {
            JsonNode result = client.callTool(name, arguments.isObject() ? arguments : Json.object(), null, Map.of(), user);
            System.out.println(name + " → " + Json.write(result));
            return 0;
        } catch (RuntimeException e) {
            System.err.println(name + " failed: " + e.getMessage());
            return 1;
        }
    }

    /** Arguments for every required property: its default, else a value of its type. */
    private static ObjectNode arguments(JsonNode schema) {
        ObjectNode out = Json.object();
        for (JsonNode required : schema.path("required")) {
            JsonNode property = schema.path("properties").path(required.asText());
            if (property.has("default")) {
                out.set(required.asText(), property.get("default"));
                continue;
            }
            switch (property.path("type").asText("string")) {
                case "number", "integer" -> out.put(required.asText(), 1);
                case "boolean" -> out.put(required.asText(), true);
                case "object" -> out.putObject(required.asText());
                case "array" -> out.putArray(required.asText());
                default -> out.put(required.asText(), "test");
            }
        }
        return out;
    }
}
