package io.toolgate.reliability;

import io.toolgate.testing.TestGateway;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The HTTP server's connection limits: a connection that sends nothing, or a request that never finishes arriving, is
 * closed after the request-read timeout; a keep-alive connection with nothing in flight after the idle timeout; event
 * streams stay open past both and carry keep-alive comments; past the connection cap the oldest idle connection makes
 * room, and when none is idle the new connection is refused.
 */
class ConnectionLimitsIT {

    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";

    private static TestGateway gateway(String readTimeout, String idleTimeout, String maxConnections) throws Exception {
        return TestGateway.start(Map.of("gateway.examples", "true",
                "gateway.request-read-timeout", readTimeout,
                "gateway.idle-timeout", idleTimeout,
                "gateway.max-connections", maxConnections,
                "gateway.sse-keepalive", "0.3"));
    }

    @Test
    void connectionsThatSendNothingAreClosedAfterTheReadTimeout() throws Exception {
        try (TestGateway gw = gateway("0.5", "60", "1000")) {
            List<Socket> idle = new ArrayList<>();
            try {
                for (int i = 0; i < 50; i++) {
                    idle.add(connect(gw));
                }
                for (Socket s : idle) {
                    assertThat(readUntilClosed(s, 10_000)).isEmpty();
                }
            } finally {
                closeAll(idle);
            }
            assertThat(healthz(gw)).isEqualTo(200);
        }
    }

    @Test
    void aRequestWhoseHeadersOrBodyNeverFinishIsClosedAfterTheReadTimeout() throws Exception {
        try (TestGateway gw = gateway("0.5", "60", "1000");
             Socket headers = connect(gw); Socket body = connect(gw)) {
            send(headers, "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n");
            send(body, "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Accept: application/json, text/event-stream\r\nContent-Length: 1000\r\n\r\n{\"jsonrpc\":");
            assertThat(readUntilClosed(headers, 10_000)).isEmpty();
            assertThat(readUntilClosed(body, 10_000)).satisfiesAnyOf(
                    answer -> assertThat(answer).isEmpty(),
                    answer -> assertThat(answer).startsWith("HTTP/1.1 408"));
        }
    }

    @Test
    void aKeepAliveConnectionWithNothingInFlightIsClosedAfterTheIdleTimeout() throws Exception {
        try (TestGateway gw = gateway("60", "0.5", "1000"); Socket s = connect(gw)) {
            send(s, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            assertThat(readUntilClosed(s, 10_000)).startsWith("HTTP/1.1 200");
        }
    }

    @Test
    void anEventStreamOutlivesBothTimeoutsAndCarriesKeepAliveComments() throws Exception {
        try (TestGateway gw = gateway("0.5", "0.5", "1000"); Socket s = connect(gw)) {
            HttpResponse<String> init = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(gw.mcpUrl()))
                    .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                    .POST(HttpRequest.BodyPublishers.ofString(INITIALIZE)).build(), HttpResponse.BodyHandlers.ofString());
            String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
            send(s, "GET /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\nMcp-Session-Id: " + session
                    + "\r\nMcp-Protocol-Version: 2025-06-18\r\n\r\n");
            s.setSoTimeout(10_000);
            InputStream in = s.getInputStream();
            StringBuilder seen = new StringBuilder();
            long start = System.nanoTime();
            // 2.5 s: five read/idle timeouts
            while (System.nanoTime() - start < 2_500_000_000L) {
                int b = in.read();
                if (b < 0) {
                    fail("the event stream was closed after %d ms: %s", (System.nanoTime() - start) / 1_000_000, seen);
                }
                seen.append((char) b);
            }
            assertThat(seen.toString()).startsWith("HTTP/1.1 200").contains("text/event-stream");
            assertThat(seen.toString().split(": keep-alive\n\n", -1).length - 1).isGreaterThanOrEqualTo(4);
        }
    }

    @Test
    void pastTheCapTheOldestIdleConnectionMakesRoomAndBusyOnesAreKept() throws Exception {
        try (TestGateway gw = gateway("60", "60", "5")) {
            List<Socket> sockets = new ArrayList<>();
            try {
                for (int i = 0; i < 5; i++) {
                    sockets.add(connect(gw));
                }
                // a new client is served: the oldest idle connection is closed to make room
                assertThat(healthz(gw)).isEqualTo(200);
                assertThat(readUntilClosed(sockets.get(0), 10_000)).isEmpty();
                closeAll(sockets);
                sockets.clear();

                for (int i = 0; i < 5; i++) {
                    Socket busy = connect(gw);
                    send(busy, "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                            + "Content-Length: 1000\r\n\r\n{");
                    sockets.add(busy);
                    // one at a time: a connection whose head is not read yet is idle, and the next one may evict it
                    awaitBusy(gw, sockets);
                }
                Socket refused = connect(gw);
                sockets.add(refused);
                assertThat(readUntilClosed(refused, 10_000)).isEmpty();
                for (Socket busy : sockets.subList(0, 5)) {
                    busy.setSoTimeout(200);
                    assertThatStillOpen(busy);
                }
            } finally {
                closeAll(sockets);
            }
        }
    }

    /** Busy means the request's head has been read: a bounded wait for the gateway to see all of them. */
    private static void awaitBusy(TestGateway gw, List<Socket> sockets) throws Exception {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> gw.requestsInFlight() >= sockets.size());
    }

    private static void assertThatStillOpen(Socket s) throws IOException {
        try {
            int b = s.getInputStream().read();
            fail("expected an open connection, read %d", b);
        } catch (SocketTimeoutException open) {
            // nothing to read, and not closed
        }
    }

    private static Socket connect(TestGateway gw) throws IOException {
        URI uri = URI.create(gw.baseUrl());
        return new Socket(uri.getHost(), uri.getPort());
    }

    private static void send(Socket s, String text) throws IOException {
        s.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
    }

    /** Everything the gateway sent before closing the connection; fails when it stays open past {@code millis}. */
    private static String readUntilClosed(Socket s, int millis) throws IOException {
        s.setSoTimeout(millis);
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        try {
            for (int n; (n = s.getInputStream().read(buf)) >= 0; ) {
                got.write(buf, 0, n);
            }
        } catch (SocketTimeoutException e) {
            fail("the connection is still open after %d ms; received: %s", millis, got.toString(StandardCharsets.ISO_8859_1));
        } catch (SocketException reset) {
            // closed by the gateway
        }
        return got.toString(StandardCharsets.ISO_8859_1);
    }

    private static int healthz(TestGateway gw) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(gw.baseUrl() + "/healthz")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static void closeAll(List<Socket> sockets) throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
    }
}
