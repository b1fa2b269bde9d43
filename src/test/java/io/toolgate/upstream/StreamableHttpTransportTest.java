package io.toolgate.upstream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.toolgate.json.Json;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The transport against loopback upstreams: one that never answers its event stream, ones that answer with streams. */
class StreamableHttpTransportTest {

    private static final String ANSWER = "event: message\ndata: {\"jsonrpc\":\"2.0\",\"id\":%d,\"result\":{}}\n\n";

    /** An upstream answering each POST with an event stream holding the response; {@code afterAnswer} runs before it ends. */
    private static HttpServer sseUpstream(List<Integer> clientPorts, Consumer<OutputStream> afterAnswer) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/mcp", ex -> {
            clientPorts.add(ex.getRemoteAddress().getPort());
            long id = Json.parse(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)).path("id").asLong();
            ex.getResponseHeaders().set("Content-Type", "text/event-stream");
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            out.write(ANSWER.formatted(id).getBytes(StandardCharsets.UTF_8));
            out.flush();
            afterAnswer.accept(out);
            out.close();
        });
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
        return server;
    }

    private static McpTransport.Reply call(StreamableHttpTransport transport, long id) {
        ObjectNode request = Json.object().put("jsonrpc", "2.0").put("id", id).put("method", "tools/call");
        return transport.send(request, new McpTransport.Envelope("s1", "2025-11-25", Map.of(), Map.of(), true),
                m -> { }, null);
    }

    @Test
    void aResponseStreamTheUpstreamEndsLeavesItsConnectionForTheNextRequest() throws Exception {
        List<Integer> ports = new CopyOnWriteArrayList<>();
        HttpServer upstream = sseUpstream(ports, out -> { });
        try {
            StreamableHttpTransport transport = new StreamableHttpTransport("up",
                    URI.create("http://127.0.0.1:" + upstream.getAddress().getPort() + "/mcp"),
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(), 5_000, 1 << 20);
            for (long id = 1; id <= 10; id++) {
                assertThat(call(transport, id).message().path("id").asLong()).isEqualTo(id);
            }
            // a request sent in the instant before the previous stream's end was read opens a second connection
            assertThat(ports).hasSize(10);
            assertThat(ports.stream().distinct().count()).as("connections for ten requests, one after the other")
                    .isLessThanOrEqualTo(3);
        } finally {
            upstream.stop(0);
        }
    }

    @Test
    void aResponseStreamTheUpstreamKeepsOpenIsClosedSoonAfterTheResponse() throws Exception {
        CountDownLatch closedByTheGateway = new CountDownLatch(1);
        HttpServer upstream = sseUpstream(new CopyOnWriteArrayList<>(), out -> {
            for (int i = 0; i < 200; i++) {
                try {
                    out.write(": still here\n\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    Thread.sleep(50);
                } catch (IOException e) {
                    closedByTheGateway.countDown();
                    return;
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        try {
            StreamableHttpTransport transport = new StreamableHttpTransport("up",
                    URI.create("http://127.0.0.1:" + upstream.getAddress().getPort() + "/mcp"),
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(), 5_000, 1 << 20);
            assertThat(call(transport, 7).message().path("id").asLong()).isEqualTo(7);
            assertThat(closedByTheGateway.await(5, TimeUnit.SECONDS)).as("the held stream is closed").isTrue();
        } finally {
            upstream.stop(0);
        }
    }

    @Test
    void closingEndsAnEventStreamWhoseUpstreamNeverSentItsHeaders() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try (ServerSocket upstream = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CountDownLatch requested = new CountDownLatch(1);
            threads.submit(() -> {
                try (Socket s = upstream.accept(); InputStream in = s.getInputStream()) {
                    byte[] buffer = new byte[8192];
                    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                        requested.countDown();
                    }
                }
                return null;
            });
            StreamableHttpTransport transport = new StreamableHttpTransport("up",
                    URI.create("http://127.0.0.1:" + upstream.getLocalPort() + "/mcp"),
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(), 1_000, 1 << 20);
            Future<Integer> stream = threads.submit(() -> transport.stream(null,
                    new McpTransport.Envelope("s1", "2025-11-25", Map.of(), Map.of(), true), m -> { }, () -> { }));
            assertThat(requested.await(5, TimeUnit.SECONDS)).as("the upstream got the GET").isTrue();

            transport.close();

            assertThatThrownBy(() -> stream.get(2, TimeUnit.SECONDS)).as("the stream ends when the transport closes")
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(IOException.class);
        } finally {
            threads.shutdownNow();
        }
    }
}
