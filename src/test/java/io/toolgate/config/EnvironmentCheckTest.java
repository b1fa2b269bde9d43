package io.toolgate.config;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class EnvironmentCheckTest {

    private static final Set<String> KNOWN = Set.of("GATEWAY_PORT", "GATEWAY_HOST", "GATEWAY_HOOK_CLASSES");

    @Test
    void aFastmcpGatewaySettingNamesWhatToUseInstead() {
        assertThat(EnvironmentCheck.warnings(Map.of("GATEWAY_HOOK_MODULE", "hooks:build"), KNOWN)).containsExactly(
                "GATEWAY_HOOK_MODULE is a fastmcp-gateway setting toolgate does not read; use instead: Java hooks are "
                        + "classes named in GATEWAY_HOOK_CLASSES (with GATEWAY_ALLOWED_HOOK_PREFIXES), YAML hooks are "
                        + "routes loaded from GATEWAY_ROUTES");
    }

    @Test
    void aMisspeltSettingNamesTheClosestOne() {
        assertThat(EnvironmentCheck.warnings(Map.of("GATEWAY_PROT", "9000", "GATEWAY_SOMETHING_ELSE", "1"), KNOWN))
                .containsExactly("GATEWAY_PROT is not a toolgate setting and is ignored (did you mean GATEWAY_PORT?)",
                        "GATEWAY_SOMETHING_ELSE is not a toolgate setting and is ignored (java -jar toolgate.jar --help lists them)");
    }

    @Test
    void knownSettingsAndOtherVariablesPassQuietly() {
        assertThat(EnvironmentCheck.warnings(Map.of("GATEWAY_PORT", "1", "PATH", "/bin", "OTEL_SERVICE_NAME", "x"), KNOWN)).isEmpty();
    }

    @Test
    void everyReplacedSettingNamesOnlyDocumentedSettings() {
        Set<String> documented = SettingsReference.load().names();
        EnvironmentCheck.REPLACED.forEach((name, instead) -> {
            assertThat(documented).doesNotContain(name);
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("GATEWAY_[A-Z_]+").matcher(instead);
            while (m.find()) {
                assertThat(documented).as(instead).contains(m.group());
            }
        });
    }
}
