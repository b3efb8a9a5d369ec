package io.syntropic137.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The dependency direction of docs/architecture.md, checked on the compiled production classes of every
 * module: ports and pure code inside, adapters around them, the composition root outside everything.
 */
class DependencyRulesTest {
    private static JavaClasses production;

    @BeforeAll
    static void importClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.syntropic137");
    }

    @Test
    void everyModuleIsImported() {
        // in a reactor build the modules arrive as jars or class folders; either way all must be seen,
        // or every rule below would hold vacuously
        for (String name : new String[]{"io.syntropic137.eventstore.EventStore", "io.syntropic137.eventstore.support.GroupCommitter",
                "io.syntropic137.eventstore.sqlite.SqliteEventStore", "io.syntropic137.eventstore.postgres.PostgresEventStore",
                "io.syntropic137.server.Main", "io.syntropic137.projections.ProjectionManager",
                "io.syntropic137.domain.orchestration.WorkflowExecution", "io.syntropic137.application.CommandHandler",
                "io.syntropic137.projections.readmodels.ReadModels", "io.syntropic137.engine.ExecutionEngine",
                "io.syntropic137.agents.command.CommandRuntime", "io.syntropic137.cli.SynCli"}) {
            org.assertj.core.api.Assertions.assertThat(production.contain(name)).as(name).isTrue();
        }
    }

    @Test
    void theEventStorePortKnowsNoBackendNoDomainAndNoServer() {
        noClasses().that().resideInAnyPackage("io.syntropic137.eventstore", "io.syntropic137.eventstore.support")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.syntropic137.eventstore.sqlite..", "io.syntropic137.eventstore.postgres..",
                        "io.syntropic137.domain..", "io.syntropic137.application..", "io.syntropic137.server..")
                .check(production);
    }

    @Test
    void theCliIsAClientOfTheHttpApiOnly() {
        // the CLI talks to a server over HTTP; sharing server-side classes would tie it to one server build
        noClasses().that().resideInAPackage("io.syntropic137.cli..")
                .should().dependOnClassesThat(JavaClass.Predicates.resideInAPackage("io.syntropic137..")
                        .and(DescribedPredicate.not(JavaClass.Predicates.resideInAPackage("io.syntropic137.cli.."))))
                .check(production);
    }

    @Test
    void theEventStorePortDoesNoJdbc() {
        noClasses().that().resideInAnyPackage("io.syntropic137.eventstore", "io.syntropic137.eventstore.support")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..")
                .check(production);
    }

    @Test
    void eventStoreBackendsDoNotKnowEachOtherOrWhatUsesThem() {
        slices().matching("io.syntropic137.eventstore.(sqlite|postgres)..").should().notDependOnEachOther()
                .check(production);
        noClasses().that().resideInAnyPackage("io.syntropic137.eventstore..")
                .should().dependOnClassesThat().resideInAnyPackage("io.syntropic137.server..", "io.syntropic137.domain..",
                        "io.syntropic137.application..")
                .check(production);
    }

    @Test
    void onlyTheCompositionRootChoosesABackend() {
        classes().that().resideInAnyPackage("io.syntropic137.eventstore.sqlite..", "io.syntropic137.eventstore.postgres..")
                .should().onlyHaveDependentClassesThat().resideInAnyPackage(
                        "io.syntropic137.eventstore.sqlite..", "io.syntropic137.eventstore.postgres..",
                        "io.syntropic137.server", "io.syntropic137.bench..")
                .check(production);
    }

    @Test
    void projectionsReadThroughThePortNotABackend() {
        noClasses().that().resideInAnyPackage("io.syntropic137.projections..")
                .should().dependOnClassesThat().resideInAnyPackage("io.syntropic137.eventstore.sqlite..",
                        "io.syntropic137.eventstore.postgres..", "io.syntropic137.server..")
                .check(production);
    }

    @Test
    void readModelsUseTheEventCodecButNeverTheWritePath() {
        // decoding stored events and naming streams is shared with the write side; handling commands is not:
        // a projection that sent commands would re-run them on every rebuild
        noClasses().that().resideInAnyPackage("io.syntropic137.projections..")
                .should().dependOnClassesThat(JavaClass.Predicates.resideInAPackage("io.syntropic137.application")
                        .and(DescribedPredicate.not(JavaClass.Predicates.simpleName("StreamIds"))))
                .check(production);
        noClasses().that().resideInAnyPackage("io.syntropic137.projections..")
                .should().dependOnClassesThat().resideInAnyPackage("io.syntropic137.testing..", "io.syntropic137.bench..")
                .check(production);
    }

    @Test
    void theDomainIsInnermost() {
        noClasses().that().resideInAnyPackage("io.syntropic137.domain..")
                .should().dependOnClassesThat().resideInAnyPackage("io.syntropic137.application..",
                        "io.syntropic137.eventstore..", "io.syntropic137.projections..", "io.syntropic137.server..")
                .check(production);
    }

    @Test
    void theApplicationLayerUsesPortsNotAdapters() {
        noClasses().that().resideInAnyPackage("io.syntropic137.application..")
                .should().dependOnClassesThat().resideInAnyPackage("io.syntropic137.eventstore.sqlite..",
                        "io.syntropic137.eventstore.postgres..", "io.syntropic137.projections..", "io.syntropic137.server..")
                .check(production);
    }

    @Test
    void theEngineRunsThroughItsPortsNotThroughAdapters() {
        // the engine is application code: agents, workspaces, stores and HTTP are plugged in by the composition root
        noClasses().that().resideInAnyPackage("io.syntropic137.engine..")
                .should().dependOnClassesThat().resideInAnyPackage("io.syntropic137.agents..", "io.syntropic137.workspaces..",
                        "io.syntropic137.eventstore.sqlite..", "io.syntropic137.eventstore.postgres..",
                        "io.syntropic137.projections..", "io.syntropic137.server..", "io.syntropic137.observability..")
                .check(production);
    }

    @Test
    void agentRuntimesAndWorkspacesAreAdaptersThatKnowOnlyThePorts() {
        noClasses().that().resideInAnyPackage("io.syntropic137.agents..", "io.syntropic137.workspaces..")
                .should().dependOnClassesThat().resideInAnyPackage("io.syntropic137.application..",
                        "io.syntropic137.eventstore..", "io.syntropic137.projections..", "io.syntropic137.server..")
                .check(production);
        noClasses().that().resideInAnyPackage("io.syntropic137.engine.port..")
                .should().dependOnClassesThat().resideInAnyPackage("io.syntropic137.engine")
                .check(production);
    }

    @Test
    void onlyTheCompositionRootAndItsMetricsPackageKnowMicrometer() {
        // meters are wired at the seams the composition root owns (decorators, listeners, gauges over status objects),
        // so the domain, the application, the engine and the adapters stay free of a metrics library
        org.assertj.core.api.Assertions.assertThat(production.contain("io.syntropic137.server.metrics.ServerMetrics")).isTrue();
        noClasses().that().resideOutsideOfPackages("io.syntropic137.server", "io.syntropic137.server.metrics")
                .should().dependOnClassesThat().resideInAnyPackage("io.micrometer..", "io.prometheus..")
                .check(production);
    }

    @Test
    void productionCodeNeverUsesTestSupport() {
        noClasses().that().resideOutsideOfPackages("io.syntropic137.testing..", "io.syntropic137.bench..")
                .should().dependOnClassesThat().resideInAnyPackage("io.syntropic137.testing..")
                .check(production);
    }
}
