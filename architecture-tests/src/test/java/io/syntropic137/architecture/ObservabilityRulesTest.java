package io.syntropic137.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/** The telemetry pipeline is separate from the domain-event pipeline, and its core is pure (docs/observability.md). */
class ObservabilityRulesTest {
    private static JavaClasses production;

    @BeforeAll
    static void importClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.syntropic137");
    }

    @Test
    void theObservabilityModuleIsImported() {
        assertThat(production.contain("io.syntropic137.observability.TelemetryBuffer")).isTrue();
        assertThat(production.contain("io.syntropic137.observability.postgres.PostgresTelemetryStore")).isTrue();
    }

    @Test
    void telemetryNeverUsesTheEventStoreTheDomainOrTheServer() {
        noClasses().that().resideInAnyPackage("io.syntropic137.observability..")
                .should().dependOnClassesThat().resideInAnyPackage("io.syntropic137.eventstore..", "io.syntropic137.domain..",
                        "io.syntropic137.application..", "io.syntropic137.server..")
                .check(production);
    }

    @Test
    void theTelemetryCoreAndTheClaudeParsersDoNoJdbcAndKnowNoBackend() {
        noClasses().that().resideInAnyPackage("io.syntropic137.observability", "io.syntropic137.observability.claude")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..", "org.postgresql..", "org.sqlite..",
                        "io.syntropic137.observability.postgres..", "io.syntropic137.observability.sqlite..")
                .check(production);
    }

    @Test
    void onlyTheCompositionRootAndTheBenchmarksChooseATelemetryBackend() {
        classes().that().resideInAnyPackage("io.syntropic137.observability.postgres..", "io.syntropic137.observability.sqlite..")
                .should().onlyHaveDependentClassesThat().resideInAnyPackage("io.syntropic137.observability.postgres..",
                        "io.syntropic137.observability.sqlite..", "io.syntropic137.observability.bench..",
                        "io.syntropic137.server", "io.syntropic137.bench..")
                .check(production);
    }
}
