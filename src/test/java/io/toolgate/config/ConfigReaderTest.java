package io.toolgate.config;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Properties;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigReaderTest {

    private static Properties properties(String... keyValues) {
        Properties p = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return p;
    }

    @Test
    void environmentNames() {
        assertThat(ConfigReader.envName("gateway.refresh-interval")).isEqualTo("GATEWAY_REFRESH_INTERVAL");
    }

    @Test
    void theEnvironmentWinsOverSystemPropertiesWhichWinOverProperties() {
        Properties file = properties("gateway.port", "1", "gateway.name", "file", "gateway.host", "file-host");
        Properties system = properties("gateway.port", "2", "gateway.name", "system");
        Map<String, String> environment = Map.of("GATEWAY_PORT", "3");
        Function<String, String> lookup = ConfigReader.lookup(environment::get, system, file);
        assertThat(lookup.apply("gateway.port")).isEqualTo("3");
        assertThat(lookup.apply("gateway.name")).isEqualTo("system");
        assertThat(lookup.apply("gateway.host")).isEqualTo("file-host");
        assertThat(lookup.apply("gateway.instructions")).isNull();
    }

    @Test
    void valuesAreTakenRawWithoutPlaceholderParsing() {
        String json = "{\"crm\":{\"url\":\"{{not.a.placeholder}}\"}}";
        Function<String, String> lookup = ConfigReader.lookup(Map.of("GATEWAY_UPSTREAMS", json)::get, new Properties(),
                new Properties());
        assertThat(lookup.apply("gateway.upstreams")).isEqualTo(json);
    }

    @Test
    void blankMeansUnsetAndListsAreTrimmed() {
        ConfigReader r = new ConfigReader(Map.of("gateway.name", "  ", "gateway.allowed-origins", " a , ,b ")::get);
        assertThat(r.string("gateway.name", Defaults.NAME)).isEqualTo("toolgate");
        assertThat(r.list("gateway.allowed-origins")).containsExactly("a", "b");
        assertThat(r.list("gateway.routes")).isEmpty();
    }

    @Test
    void theLookupOfTheEntryPointsReadsSystemPropertiesOverTheGivenProperties() {
        String key = "gateway.config-reader-test";
        System.setProperty(key, "system");
        try {
            assertThat(ConfigReader.lookup(properties(key, "file")).apply(key)).isEqualTo("system");
        } finally {
            System.clearProperty(key);
        }
        assertThat(ConfigReader.lookup(properties(key, "file")).apply(key)).isEqualTo("file");
    }
}
