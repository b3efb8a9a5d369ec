package io.syntropic137.domain;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The domain decides from its inputs alone: no I/O, no clock, no randomness, no framework. */
class DomainPurityTest {

    private final JavaClasses domain = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.syntropic137.domain");

    @Test
    void dependsOnTheJdkOnly() {
        noClasses().should().dependOnClassesThat().resideOutsideOfPackages("io.syntropic137.domain..", "java..")
                .check(domain);
    }

    @Test
    void doesNoIoAndReadsNoClockOrRandom() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("java.io..", "java.nio..", "java.net..", "java.sql..",
                        "java.util.concurrent..", "java.lang.reflect..")
                .orShould().callMethod(java.time.Instant.class, "now")
                .orShould().callMethod(java.lang.System.class, "currentTimeMillis")
                .orShould().callMethod(java.lang.System.class, "nanoTime")
                .orShould().callMethod(java.util.UUID.class, "randomUUID")
                .orShould().dependOnClassesThat().areAssignableTo(java.util.Random.class)
                .orShould().dependOnClassesThat().belongToAnyOf(java.time.Clock.class)
                .check(domain);
    }

    @Test
    void contextsDoNotReachIntoEachOther() {
        String[] contexts = {"orchestration", "organization", "sessions", "github", "artifacts"};
        for (String context : contexts) {
            for (String other : contexts) {
                if (!context.equals(other)) {
                    noClasses().that().resideInAPackage("io.syntropic137.domain." + context + "..")
                            .should().dependOnClassesThat().resideInAPackage("io.syntropic137.domain." + other + "..")
                            .check(domain);
                }
            }
        }
    }
}
