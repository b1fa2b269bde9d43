package io.toolgate.config;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class SettingsReferenceTest {

    /** Keys the wiring sets for the routes' placeholders; nobody configures them. */
    private static final Set<String> INTERNAL = Set.of("GATEWAY_REFRESH_ENABLED", "GATEWAY_REFRESH_DELAY_MS",
            "GATEWAY_JWT_ENABLED", "GATEWAY_REGISTRATION_ENABLED");

    @Test
    void everySettingTheParsersReadIsDocumentedInTheReadmeTable() throws IOException {
        Set<String> read = new TreeSet<>();
        Pattern key = Pattern.compile("\"(gateway\\.[a-z0-9-]+)\"");
        try (Stream<Path> files = Files.list(Path.of("src/main/java/io/toolgate/config"))) {
            for (Path f : files.toList()) {
                Matcher m = key.matcher(Files.readString(f));
                while (m.find()) {
                    read.add(ConfigReader.envName(m.group(1)));
                }
            }
        }
        read.removeAll(INTERNAL);
        assertThat(read).hasSizeGreaterThan(50);
        assertThat(SettingsReference.load().names()).containsAll(read);
    }

    @Test
    void rowsNamingSeveralVariablesNameEachWithItsPrefix() {
        SettingsReference ref = SettingsReference.parse("""
                ## Configuration

                | variable | default | meaning |
                |---|---|---|
                | `GATEWAY_HOST` / `GATEWAY_PORT` | `0.0.0.0` / `8080` | bind address of `/mcp` |
                | `GATEWAY_REGISTRATION_ISSUER` / `_AUDIENCE` | — | see [Registration API](#registration-api) |

                ## Hooks

                | `GATEWAY_NOT_A_SETTING` | x | y |
                """);
        assertThat(ref.names()).containsExactly("GATEWAY_HOST", "GATEWAY_PORT", "GATEWAY_REGISTRATION_ISSUER",
                "GATEWAY_REGISTRATION_AUDIENCE");
        assertThat(ref.settings().get(0).defaultText()).isEqualTo("0.0.0.0 / 8080");
        assertThat(ref.settings().get(1).meaning()).isEqualTo("see Registration API");
    }

    @Test
    void helpListsEachVariableWithItsDefaultAndMeaning() {
        String help = SettingsReference.load().help("1.2.3");
        assertThat(help).startsWith("toolgate 1.2.3: a progressive tool-discovery gateway for MCP\n");
        assertThat(help).contains("\n  GATEWAY_HOST, GATEWAY_PORT\n      default: 0.0.0.0 / 8080\n      bind address of /mcp");
        assertThat(help).contains("\n  GATEWAY_CODE_MODE\n      default: false\n      offer execute_code");
        assertThat(help.lines()).allMatch(l -> l.length() <= 110);
    }
}
