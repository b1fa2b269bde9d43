package io.toolgate.testing;

import org.apache.camel.test.AvailablePortFinder;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged gateway as users run it: {@code java -cp target/toolgate.jar[:extra.jar] io.toolgate.GatewayMain} on a
 * free loopback port with the given {@code GATEWAY_*} environment (none inherited), ready once {@code /readyz} is 200.
 * Its output goes to {@code gateway.log} in the given directory. Search is lexical unless {@code GATEWAY_SEARCH} is
 * given, as in {@link TestGateway}.
 */
public final class GatewayProcess implements AutoCloseable {

    public static final Path JAR = Path.of("target", "toolgate.jar");
    private final Process process;
    private final int port;
    private final Path log;

    private GatewayProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** What a gateway that stopped on its own left: its exit status and output. */
    public record Exit(int status, String output) {
    }

    /** Starts the gateway and waits until it is ready. */
    public static GatewayProcess start(Path dir, Map<String, String> env, Path... extraClasspath) throws IOException {
        GatewayProcess gw = launch(dir, env, extraClasspath);
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(gw.baseUrl() + "/readyz")).build();
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
                if (!gw.process.isAlive()) {
                    throw new AssertionError("gateway exited: " + gw.log());
                }
                try {
                    return http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                } catch (IOException notListening) {
                    return false;
                }
            });
        } catch (RuntimeException | AssertionError notReady) {
            gw.process.destroyForcibly();
            throw notReady;
        }
        return gw;
    }

    /** Starts a gateway expected to refuse to run, and waits (at most a minute) for it to exit. */
    public static Exit runToExit(Path dir, Map<String, String> env) throws Exception {
        GatewayProcess gw = launch(dir, env);
        try {
            assertThat(gw.process.waitFor(60, TimeUnit.SECONDS)).as("the gateway exits on its own").isTrue();
            return new Exit(gw.process.exitValue(), gw.log());
        } finally {
            gw.process.destroyForcibly();
        }
    }

    private static GatewayProcess launch(Path dir, Map<String, String> env, Path... extraClasspath) throws IOException {
        assertThat(JAR).as("mvn package builds it before the integration tests").exists();
        int port = AvailablePortFinder.getNextAvailable();
        String classpath = Stream.concat(Stream.of(JAR), Stream.of(extraClasspath)).map(Path::toString)
                .collect(Collectors.joining(File.pathSeparator));
        Path log = dir.resolve("gateway-" + port + ".log");
        ProcessBuilder pb = new ProcessBuilder(System.getProperty("java.home") + "/bin/java", "-cp", classpath,
                "io.toolgate.GatewayMain").redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("GATEWAY_"));
        pb.environment().put("GATEWAY_SEARCH", "lexical");
        pb.environment().putAll(env);
        pb.environment().put("GATEWAY_HOST", "127.0.0.1");
        pb.environment().put("GATEWAY_PORT", String.valueOf(port));
        return new GatewayProcess(pb.start(), port, log);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public String mcpUrl() {
        return baseUrl() + "/mcp";
    }

    /** The gateway's process id, for reading its memory and CPU time under {@code /proc}. */
    public long pid() {
        return process.pid();
    }

    /** What the gateway printed so far. */
    public String log() throws IOException {
        return Files.readString(log);
    }

    /** Kills the gateway with SIGKILL, as a crash or an OOM killer would, and waits for it to be gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** Stops the gateway as a container runtime would (SIGTERM) and waits for it to exit. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }
}
