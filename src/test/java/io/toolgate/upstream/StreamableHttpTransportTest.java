package io.toolgate.upstream;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The transport against a loopback upstream that takes the event-stream request and never answers it. */
class StreamableHttpTransportTest {

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
