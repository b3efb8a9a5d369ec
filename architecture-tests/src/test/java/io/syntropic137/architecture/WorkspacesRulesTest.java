package io.syntropic137.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/** The workspace adapters implement the engine's ports and know nothing else of the product (docs/architecture.md). */
class WorkspacesRulesTest {
    private static JavaClasses production;

    @BeforeAll
    static void importClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.syntropic137");
        // without the module on the class path every rule below would hold vacuously
        assertThat(production.contain("io.syntropic137.workspaces.BubblewrapWorkspaceProvider")).isTrue();
    }

    @Test
    void workspacesDependOnlyOnTheEnginePortsTheDomainAndTheJdk() {
        classes().that().resideInAPackage("io.syntropic137.workspaces..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.syntropic137.workspaces..",
                        "io.syntropic137.engine.port..", "io.syntropic137.domain..", "java..", "org.slf4j..")
                .check(production);
    }

    @Test
    void theEngineNeverSeesAWorkspaceAdapter() {
        noClasses().that().resideInAPackage("io.syntropic137.engine..")
                .should().dependOnClassesThat().resideInAPackage("io.syntropic137.workspaces..")
                .check(production);
    }
}
