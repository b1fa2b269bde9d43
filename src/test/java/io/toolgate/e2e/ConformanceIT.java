package io.toolgate.e2e;

import io.toolgate.testing.NodeMcpClient;
import io.toolgate.testing.TestGateway;
import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The official MCP conformance suite ({@code @modelcontextprotocol/conformance}, server scenarios) against the gateway,
 * with the conformance fixture ({@code e2e/conformance-fixture.mjs}) as its single upstream. Each run passes only when
 * every failing scenario is listed, with its reason, in the run's baseline file under {@code conformance/} (and every
 * listed one still fails: the suite reports a listed scenario that passes). Results go to
 * {@code target/conformance/<run>/} and one row per run to {@code target/conformance/summary.md}.
 */
class ConformanceIT {

    private static final Path OUT = Path.of("target", "conformance");
    private static final Pattern SCENARIO = Pattern.compile("^([✓✗]) ([\\w./-]+): (\\d+) passed, (\\d+) failed", Pattern.MULTILINE);
    static Process fixture;
    static int fixturePort;

    @BeforeAll
    static void startFixture() throws Exception {
        fixturePort = AvailablePortFinder.getNextAvailable();
        fixture = NodeMcpClient.startServer("conformance-fixture.mjs", fixturePort);
        Files.createDirectories(OUT);
        Files.writeString(OUT.resolve("summary.md"), "| suite | exposure | scenarios passed | failed | in the baseline |\n"
                + "|---|---|---|---|---|\n");
    }

    @AfterAll
    static void stopFixture() throws Exception {
        fixture.destroy();
        fixture.waitFor();
    }

    @ParameterizedTest(name = "{0} in {1} mode")
    @CsvSource({
            "2025-11-25, direct, --suite all --spec-version 2025-11-25",
            "2025-11-25, meta, --suite all --spec-version 2025-11-25",
            "2026-07-28, direct, --requirements 2026-07-28"})
    void suitePassesExceptItsBaseline(String suite, String exposure, String selection) throws Exception {
        String run = suite + "-" + exposure;
        Path baseline = Path.of("conformance", "baseline-" + run + ".yml").toAbsolutePath();
        try (TestGateway gateway = TestGateway.start(Map.of(
                "gateway.upstreams", "{\"fixture\":\"http://127.0.0.1:" + fixturePort + "/mcp\"}",
                "gateway.exposure", exposure,
                "gateway.tool-naming", "bare"))) {
            List<String> command = new ArrayList<>(List.of(
                    NodeMcpClient.E2E.resolve("node_modules/.bin/node").toString(),
                    NodeMcpClient.E2E.resolve("node_modules/@modelcontextprotocol/conformance/dist/index.js").toString(),
                    "server", "--url", gateway.mcpUrl(), "--expected-failures", baseline.toString(),
                    "-o", OUT.resolve(run).toAbsolutePath().toString()));
            command.addAll(List.of(selection.split(" ")));
            Path log = OUT.resolve(run + ".log");
            Process suiteRun = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            assertThat(suiteRun.waitFor(12, TimeUnit.MINUTES)).as("conformance run finished").isTrue();
            String output = Files.readString(log, StandardCharsets.UTF_8);
            summarize(suite, exposure, output, baseline);
            assertThat(suiteRun.exitValue()).as("conformance %s, see %s:%n%s", run, log, tail(output)).isZero();
        }
    }

    /**
     * One summary row. A scenario that passes with warnings counts as passed in the suite's totals, but as failing
     * against a baseline; such scenarios are listed in the baseline and named in the row.
     */
    private static void summarize(String suite, String exposure, String output, Path baseline) throws IOException {
        List<String> passed = new ArrayList<>();
        int failed = 0;
        Matcher m = SCENARIO.matcher(output.substring(Math.max(0, output.lastIndexOf("=== SUMMARY ==="))));
        while (m.find()) {
            if (m.group(1).equals("✓")) {
                passed.add(m.group(2));
            } else {
                failed++;
            }
        }
        List<String> listed = Files.readAllLines(baseline).stream().map(String::trim).filter(l -> l.startsWith("- "))
                .map(l -> l.substring(2).trim()).toList();
        long warned = passed.stream().filter(listed::contains).count();
        Files.writeString(OUT.resolve("summary.md"), "| " + suite + " | " + exposure + " | " + passed.size()
                + (warned > 0 ? " (" + warned + " only with warnings)" : "") + " | " + failed + " | " + listed.size()
                + " |\n", StandardOpenOption.APPEND);
    }

    private static String tail(String output) {
        int summary = output.lastIndexOf("=== SUMMARY ===");
        return summary < 0 ? output.substring(Math.max(0, output.length() - 4000)) : output.substring(summary);
    }
}
