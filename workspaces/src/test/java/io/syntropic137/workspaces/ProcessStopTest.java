package io.syntropic137.workspaces;

import io.syntropic137.engine.port.ProcessSpec;
import io.syntropic137.engine.port.SandboxedProcess;
import io.syntropic137.engine.port.Workspace;
import io.syntropic137.engine.port.WorkspaceProvider;
import io.syntropic137.engine.port.WorkspaceSteps;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Stopping a process tree, on the host and in the sandbox alike. */
class ProcessStopTest {
    @TempDir
    Path temp;

    private WorkspaceProvider provider(String backend) throws Exception {
        return backend.equals("local") ? new LocalWorkspaceProvider(temp.resolve("ws"))
                : new BubblewrapWorkspaceProvider(temp.resolve("ws"), List.of());
    }

    private static Set<Long> awaitTree(SandboxedProcess process, int atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        Set<Long> pids = process.treePids();
        while (pids.size() < atLeast && System.nanoTime() < deadline) {
            Thread.sleep(20);
            pids = process.treePids();
        }
        assertThat(pids).as("process tree").hasSizeGreaterThanOrEqualTo(atLeast);
        return pids;
    }

    private static void assertAllGone(Set<Long> pids) {
        for (long pid : pids) {
            assertThat(ProcessHandle.of(pid).map(ProcessTree::running).orElse(false)).as("pid %d running", pid).isFalse();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "bubblewrap"})
    void aProcessThatSpawnedChildrenIsGoneWithAllOfThem(String backend) throws Exception {
        try (Workspace workspace = provider(backend).create(LocalWorkspaceProviderTest.spec("stop-1", List.of(), Map.of(), List.of(), Map.of()), WorkspaceSteps.IGNORE)) {
            SandboxedProcess process = workspace.start(new ProcessSpec(List.of("sh", "-c", "sleep 100 & sleep 100 & wait"),
                    LocalWorkspaceProviderTest.PATH));
            Set<Long> pids = awaitTree(process, 3);

            process.stop("TERM", Duration.ofSeconds(2));

            assertAllGone(pids);
            assertThat(process.isAlive()).isFalse();
            assertThat(process.treePids()).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "bubblewrap"})
    void theGracefulSignalIsDeliveredAndHonoured(String backend) throws Exception {
        try (Workspace workspace = provider(backend).create(LocalWorkspaceProviderTest.spec("stop-2", List.of(), Map.of(), List.of(), Map.of()), WorkspaceSteps.IGNORE)) {
            SandboxedProcess process = workspace.start(new ProcessSpec(List.of("sh", "-c",
                    // a non-interactive shell starts background jobs with SIGINT ignored: the trap ends its job itself
                    "trap 'echo got-int; kill $!; exit 42' INT; sleep 100 & wait"), LocalWorkspaceProviderTest.PATH));
            awaitTree(process, 2);
            Thread.sleep(100); // the trap is set before sleep starts; this only lets sh reach `wait`

            long started = System.nanoTime();
            process.stop("INT", Duration.ofSeconds(5));

            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
            assertThat(process.waitFor()).isEqualTo(42);
            assertThat(new String(process.stdout().readAllBytes())).contains("got-int");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "bubblewrap"})
    void aTreeIgnoringTermAndIntIsKilledAfterTheGrace(String backend) throws Exception {
        try (Workspace workspace = provider(backend).create(LocalWorkspaceProviderTest.spec("stop-3", List.of(), Map.of(), List.of(), Map.of()), WorkspaceSteps.IGNORE)) {
            SandboxedProcess process = workspace.start(new ProcessSpec(List.of("sh", "-c",
                    "trap '' INT TERM; sleep 100 & sleep 100 & wait"), LocalWorkspaceProviderTest.PATH));
            Set<Long> pids = awaitTree(process, 3);

            long started = System.nanoTime();
            process.stop("TERM", Duration.ofMillis(500));
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertAllGone(pids);
            assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(500)).isLessThan(Duration.ofSeconds(2));
        }
    }
}
