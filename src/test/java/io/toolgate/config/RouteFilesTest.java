package io.toolgate.config;

import io.toolgate.error.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RouteFilesTest {

    @Test
    void expandsGlobsToSortedFilesOnce(@TempDir Path dir) throws Exception {
        Path a = Files.writeString(dir.resolve("a.camel.yaml"), "- route: {}");
        Path b = Files.writeString(Files.createDirectories(dir.resolve("sub")).resolve("b.camel.yaml"), "- route: {}");
        Files.writeString(dir.resolve("notes.txt"), "x");

        assertThat(RouteFiles.resolve(List.of(dir + "/*.yaml"))).containsExactly(a);
        assertThat(RouteFiles.resolve(List.of(dir + "/**.yaml", a.toString()))).containsExactly(a, b);
        assertThat(RouteFiles.resolve(List.of(b.toString()))).containsExactly(b);
        assertThat(RouteFiles.resolve(List.of())).isEmpty();
    }

    @Test
    void aGlobThatMatchesNothingIsAnError(@TempDir Path dir) {
        assertThatThrownBy(() -> RouteFiles.resolve(List.of(dir + "/*.camel.yaml")))
                .isInstanceOf(ConfigException.class).hasMessage("Invalid GATEWAY_ROUTES: '" + dir + "/*.camel.yaml' matches no file");
        assertThatThrownBy(() -> RouteFiles.resolve(List.of(dir + "/missing.yaml")))
                .hasMessageContaining("matches no file");
    }
}
