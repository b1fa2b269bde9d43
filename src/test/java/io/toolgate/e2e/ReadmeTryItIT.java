package io.toolgate.e2e;

import io.toolgate.testing.TestGateway;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Inspector commands of the README's "Try it" run as written (only the port differs) on this machine's Node,
 * against the gateway's built-in examples; npx finds the pinned Inspector in e2e/node_modules.
 */
class ReadmeTryItIT {

    @Test
    void theTryItCommandsListDiscoverAndExecute() throws Exception {
        List<String> commands = tryItCommands(Files.readString(Path.of("README.md")));
        assertThat(commands).hasSize(3).allMatch(c -> c.startsWith("npx -y @modelcontextprotocol/inspector@"));
        try (TestGateway gw = TestGateway.start(Map.of("gateway.examples", "true"))) {
            List<String> outputs = new ArrayList<>();
            for (String command : commands) {
                outputs.add(run(command.replace("http://127.0.0.1:8080/mcp", gw.mcpUrl())));
            }
            assertThat(outputs.get(0)).contains("\"name\": \"discover_tools\"", "\"name\": \"execute_tool\"");
            assertThat(outputs.get(1)).contains("examples_time_now").contains("\"isError\": false");
            assertThat(outputs.get(2)).contains("\"isError\": false").contains("Europe/Paris");
        }
    }

    /** The npx commands of the first bash block under "## Try it", continuation lines joined. */
    private static List<String> tryItCommands(String readme) {
        String section = readme.substring(readme.indexOf("\n## Try it"));
        String block = section.substring(section.indexOf("```bash\n") + 8, section.indexOf("\n```", section.indexOf("```bash\n")));
        List<String> commands = new ArrayList<>();
        for (String line : block.replace("\\\n", " ").split("\n")) {
            if (line.startsWith("npx ")) {
                commands.add(line.replaceAll(" {2,}", " ").trim());
            }
        }
        return commands;
    }

    private static String run(String command) throws Exception {
        File out = File.createTempFile("inspector", ".out");
        Process p = new ProcessBuilder("bash", "-c", command).directory(new File("e2e"))
                .redirectErrorStream(true).redirectOutput(out).start();
        try {
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).as(command).isTrue();
            String output = Files.readString(out.toPath(), StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as(command + "\n" + output).isZero();
            return output;
        } finally {
            p.destroyForcibly();
            out.delete();
        }
    }
}
