package io.toolgate;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shape the README's package list promises, checked on the compiled classes: packages without cycles, the
 * composition root ({@link GatewayMain}, {@link GatewayWiring}) above everything, configuration read only there, and
 * classes small enough to read.
 */
class ArchitectureTest {

    private static final int MAX_LINES = 400;
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.toolgate");
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching("io.toolgate.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void nothingDependsOnTheCompositionRoot() {
        noClasses().that().resideOutsideOfPackage("io.toolgate")
                .should().dependOnClassesThat().resideInAPackage("io.toolgate")
                .check(classes);
    }

    @Test
    void onlyTheCompositionRootReadsConfiguration() {
        noClasses().that().resideOutsideOfPackages("io.toolgate", "io.toolgate.config..")
                .should().dependOnClassesThat().resideInAPackage("io.toolgate.config..")
                .check(classes);
    }

    @Test
    void sourceFilesStayUnderFourHundredLines() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            List<String> tooLong = files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> lines(f) > MAX_LINES)
                    .map(f -> f + " (" + lines(f) + " lines)")
                    .toList();
            assertThat(tooLong).as("classes above %d lines", MAX_LINES).isEmpty();
        }
    }

    private static long lines(Path file) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.count();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
