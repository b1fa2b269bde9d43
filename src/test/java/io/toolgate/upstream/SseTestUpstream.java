package io.toolgate.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.toolgate.json.Json;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * A legacy HTTP+SSE MCP server on loopback for tests: {@code GET /sse} opens stream {@code s<n>} and names
 * {@code /messages?sessionId=s<n>} (or what {@link #endpoint} says) in its {@code endpoint} event; a POST there is
 * answered 202 and handed to {@link #onMessage}, which answers on the stream with {@link #send}. By default it serves
 * one tool, {@code echo}, and never answers a call of any other tool. It records every GET's headers and every POST.
 */
final class SseTestUpstream implements AutoCloseable {

    /** One POST as received: the session its URL named, the message and the request headers. */
    record Post(String session, JsonNode message, Headers headers) {
    }

    private record Stream(OutputStream out, CountDownLatch dropped) {
    }

    final List<Headers> gets = new CopyOnWriteArrayList<>();
    final List<Post> posts = new CopyOnWriteArrayList<>();
    volatile Function<String, String> endpoint = session -> "/messages?sessionId=" + session;
    volatile BiConsumer<String, JsonNode> onMessage = this::serve;
    private final Map<String, Stream> streams = new ConcurrentHashMap<>();
    private final List<CountDownLatch> held = new CopyOnWriteArrayList<>();
    private final AtomicInteger sessions = new AtomicInteger();
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final HttpServer server;

    SseTestUpstream() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(threads);
        server.createContext("/sse", this::stream);
        server.createContext("/messages", this::message);
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/sse");
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** Writes {@code message} to the session's stream as a {@code message} event. */
    void send(String session, JsonNode message) {
        Stream s = streams.get(session);
        if (s == null) {
            return;
        }
        synchronized (s) {
            try {
                s.out().write(("event: message\ndata: " + Json.write(message) + "\n\n").getBytes(StandardCharsets.UTF_8));
                s.out().flush();
            } catch (IOException e) {
                s.dropped().countDown();
            }
        }
    }

    /** Ends the session's stream, as an upstream that restarted would. */
    void drop(String session) {
        Stream s = streams.remove(session);
        if (s != null) {
            s.dropped().countDown();
        }
    }

    /** Forgets the session, keeping its stream open: its POSTs are answered 404. */
    void forget(String session) {
        streams.remove(session);
    }

    static ObjectNode result(JsonNode request, String json) {
        ObjectNode reply = Json.object();
        reply.put("jsonrpc", "2.0");
        reply.set("id", request.get("id"));
        reply.set("result", Json.parse(json));
        return reply;
    }

    /** A small MCP server: initialize, tools/list with {@code echo}, tools/call of echo; other calls wait forever. */
    private void serve(String session, JsonNode message) {
        switch (message.path("method").asText()) {
            case "initialize" -> send(session, result(message, "{\"protocolVersion\":\"2024-11-05\",\"capabilities\":"
                    + "{\"tools\":{}},\"serverInfo\":{\"name\":\"sse-test\",\"version\":\"1\"}}"));
            case "tools/list" -> send(session, result(message, "{\"tools\":[{\"name\":\"echo\",\"inputSchema\":"
                    + "{\"type\":\"object\"}}]}"));
            case "tools/call" -> {
                if (message.at("/params/name").asText().equals("echo")) {
                    send(session, result(message, "{\"content\":[{\"type\":\"text\",\"text\":\"echo from " + session
                            + "\"}]}"));
                }
            }
            default -> {
                if (message.has("id") && message.has("method")) {
                    ObjectNode error = Json.object();
                    error.put("jsonrpc", "2.0");
                    error.set("id", message.get("id"));
                    error.putObject("error").put("code", -32601).put("message", "Method not found");
                    send(session, error);
                }
            }
        }
    }

    private void stream(HttpExchange exchange) throws IOException {
        gets.add(exchange.getRequestHeaders());
        String session = "s" + sessions.incrementAndGet();
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        out.write(("event: endpoint\ndata: " + endpoint.apply(session) + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        Stream s = new Stream(out, new CountDownLatch(1));
        held.add(s.dropped());
        streams.put(session, s);
        try {
            s.dropped().await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        exchange.close();
    }

    private void message(HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getQuery();
        String session = query == null ? "" : query.replace("sessionId=", "");
        JsonNode message = Json.MAPPER.readTree(exchange.getRequestBody());
        posts.add(new Post(session, message, exchange.getRequestHeaders()));
        if (!streams.containsKey(session)) {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
            return;
        }
        exchange.sendResponseHeaders(202, -1);
        exchange.close();
        onMessage.accept(session, message);
    }

    @Override
    public void close() {
        held.forEach(CountDownLatch::countDown);
        server.stop(0);
        threads.shutdownNow();
    }
}
