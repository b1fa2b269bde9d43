package io.toolgate.e2e;

import io.toolgate.testing.NodeMcpClient;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The MCP conformance suite's client scenarios against toolgate's upstream client: the suite starts its mock servers
 * and runs {@link io.toolgate.testing.ConformanceClient} (a JVM on this test's classpath) against each. A run passes
 * when every failing scenario is listed, with its reason, in {@code conformance/baseline-client-<suite>.yml}.
 */
class ClientConformanceIT {

    private static final Path OUT = Path.of("target", "conformance");

    @ParameterizedTest(name = "client scenarios {0}")
    @CsvSource({
            "2025-11-25, --suite all --spec-version 2025-11-25",
            "2026-07-28, --requirements 2026-07-28"})
    void clientScenariosPassExceptTheBaseline(String suite, String selection) throws Exception {
        Path baseline = Path.of("conformance", "baseline-client-" + suite + ".yml").toAbsolutePath();
        String java = ProcessHandle.current().info().command().orElse("java");
        String client = java + " -cp " + System.getProperty("java.class.path") + " io.toolgate.testing.ConformanceClient";
        List<String> command = new ArrayList<>(List.of(
                NodeMcpClient.E2E.resolve("node_modules/.bin/node").toString(),
                NodeMcpClient.E2E.resolve("node_modules/@modelcontextprotocol/conformance/dist/index.js").toString(),
                "client", "--command", client, "--expected-failures", baseline.toString(),
                "-o", OUT.resolve("client-" + suite).toAbsolutePath().toString()));
        command.addAll(List.of(selection.split(" ")));
        Files.createDirectories(OUT);
        Path log = OUT.resolve("client-" + suite + ".log");
        Process run = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(run.waitFor(10, TimeUnit.MINUTES)).as("client conformance run finished").isTrue();
        String output = Files.readString(log, StandardCharsets.UTF_8);
        int summary = output.lastIndexOf("SUMMARY");
        assertThat(run.exitValue()).as("client conformance %s, see %s:%n%s", suite, log,
                summary < 0 ? output.substring(Math.max(0, output.length() - 4000)) : output.substring(summary)).isZero();
    }
}
