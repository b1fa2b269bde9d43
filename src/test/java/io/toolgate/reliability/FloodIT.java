package io.toolgate.reliability;

import io.toolgate.testing.GatewayProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Floods against the packaged gateway while a normal client works: idle sockets past the connection cap, slow
 * requests that never finish their body, and a flood of {@code initialize} past the session cap. The limits hold
 * (open file descriptors and sessions stay bounded, the slow and idle sockets are closed after the read timeout) and
 * every request of the normal client is answered. {@code -Dreliability.flood=N} sets the idle sockets (default 600;
 * slow requests and initializes scale with it).
 */
class FloodIT {

    private static final int IDLE = Integer.getInteger("reliability.flood", 600);
    private static final int SLOW = IDLE / 10;
    private static final int INITIALIZES = IDLE * 5;
    private static final int MAX_CONNECTIONS = IDLE / 2;
    private static final int MAX_SESSIONS = IDLE;
    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"flood\",\"version\":\"1\"}}}";

    @Test
    void limitsHoldAndANormalClientIsServedThroughout(@TempDir Path dir) throws Exception {
        try (GatewayProcess gw = GatewayProcess.start(dir, Map.of(
                "GATEWAY_MAX_CONNECTIONS", String.valueOf(MAX_CONNECTIONS),
                "GATEWAY_MAX_SESSIONS", String.valueOf(MAX_SESSIONS),
                "GATEWAY_REQUEST_READ_TIMEOUT", "3"))) {
            long fdsBefore = openFiles(gw);
            AtomicBoolean flooding = new AtomicBoolean(true);
            ConcurrentLinkedQueue<String> normalFailures = new ConcurrentLinkedQueue<>();
            AtomicInteger normalCalls = new AtomicInteger();
            ExecutorService normal = Executors.newSingleThreadExecutor();
            normal.submit(() -> normalClient(gw, flooding, normalCalls, normalFailures));

            List<Socket> idle = new ArrayList<>();
            List<Socket> slow = new ArrayList<>();
            long maxFds = 0;
            try {
                for (int i = 0; i < IDLE; i++) {
                    idle.add(connect(gw));
                }
                for (int i = 0; i < SLOW; i++) {
                    Socket s = connect(gw);
                    OutputStream out = s.getOutputStream();
                    out.write(("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                            + "Content-Length: 100000\r\n\r\n{\"jsonrpc\":").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    slow.add(s);
                }
                maxFds = Math.max(maxFds, openFiles(gw));
                int refusedSessions = sessionFlood(gw);
                maxFds = Math.max(maxFds, openFiles(gw));
                System.out.printf("flood: %d idle sockets, %d slow requests, %d initializes (%d refused with 503) against "
                                + "%d connections / %d sessions; open files %d before, at most %d during%n", IDLE, SLOW,
                        INITIALIZES, refusedSessions, MAX_CONNECTIONS, MAX_SESSIONS, fdsBefore, maxFds);
                // once the connections it evicted are closed, the gateway holds at most MAX_CONNECTIONS client sockets,
                // plus its own files
                long bound = fdsBefore + MAX_CONNECTIONS + 50;
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> openFiles(gw) < bound);
                for (Socket s : slow) {
                    assertThat(closedWithin(s, 10_000)).as("a slow request is cut after the read timeout").isTrue();
                }
            } finally {
                flooding.set(false);
                normal.shutdown();
                assertThat(normal.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
                for (Socket s : idle) {
                    s.close();
                }
                for (Socket s : slow) {
                    s.close();
                }
            }
            System.out.printf("flood: normal client made %d calls, %d failed%n", normalCalls.get(), normalFailures.size());
            assertThat(normalFailures).as("the normal client's failed calls").isEmpty();
            assertThat(normalCalls.get()).isPositive();
        }
    }

    /** Sends {@link #INITIALIZES} initialize requests from 8 threads; returns how many were refused with 503. */
    private static int sessionFlood(GatewayProcess gw) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger other = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        for (int i = 0; i < INITIALIZES; i++) {
            pool.submit(() -> {
                int status = http.send(HttpRequest.newBuilder(URI.create(gw.mcpUrl()))
                        .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                        .POST(HttpRequest.BodyPublishers.ofString(INITIALIZE)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 503) {
                    refused.incrementAndGet();
                } else if (status != 200) {
                    other.incrementAndGet();
                }
                return null;
            });
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(5, TimeUnit.MINUTES)).isTrue();
        assertThat(other.get()).as("initialize answers other than 200 and 503").isZero();
        return refused.get();
    }

    /** A client with a session of its own calling discover_tools until the floods end; records every failure. */
    private static void normalClient(GatewayProcess gw, AtomicBoolean flooding, AtomicInteger calls,
                                     ConcurrentLinkedQueue<String> failures) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        try {
            String session = http.send(post(gw, null, INITIALIZE), HttpResponse.BodyHandlers.ofString())
                    .headers().firstValue("Mcp-Session-Id").orElseThrow();
            String discover = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"discover_tools\","
                    + "\"arguments\":{\"query\":\"text statistics\"}}}";
            while (flooding.get()) {
                HttpResponse<String> r = http.send(post(gw, session, discover), HttpResponse.BodyHandlers.ofString());
                calls.incrementAndGet();
                if (r.statusCode() != 200 || !r.body().contains("examples_text_stats")) {
                    failures.add(r.statusCode() + " " + r.body());
                }
            }
        } catch (Exception e) {
            failures.add(e.toString());
        }
    }

    private static HttpRequest post(GatewayProcess gw, String session, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gw.mcpUrl())).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (session != null) {
            b.header("Mcp-Session-Id", session).header("MCP-Protocol-Version", "2025-06-18");
        }
        return b.build();
    }

    private static Socket connect(GatewayProcess gw) throws IOException {
        URI uri = URI.create(gw.baseUrl());
        return new Socket(uri.getHost(), uri.getPort());
    }

    private static boolean closedWithin(Socket s, int millis) throws IOException {
        s.setSoTimeout(millis);
        try {
            while (s.getInputStream().read() >= 0) {
                // drain whatever the gateway answered before closing
            }
            return true;
        } catch (java.net.SocketTimeoutException open) {
            return false;
        } catch (java.net.SocketException reset) {
            return true;
        }
    }

    private static long openFiles(GatewayProcess gw) throws IOException {
        try (var files = Files.list(Path.of("/proc", String.valueOf(gw.pid()), "fd"))) {
            return files.count();
        }
    }
}
