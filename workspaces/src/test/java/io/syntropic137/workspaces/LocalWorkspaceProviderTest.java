package io.syntropic137.workspaces;

import io.syntropic137.domain.orchestration.NetworkAccess;
import io.syntropic137.domain.orchestration.WorkspaceLimits;
import io.syntropic137.engine.port.ProcessSpec;
import io.syntropic137.engine.port.Workspace;
import io.syntropic137.engine.port.WorkspaceSpec;
import io.syntropic137.engine.port.WorkspaceSteps;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalWorkspaceProviderTest {
    static final WorkspaceLimits LIMITS = new WorkspaceLimits(1000, 1024, 256, 120, NetworkAccess.NONE);
    static final Map<String, String> PATH = Map.of("PATH", "/usr/bin:/bin");

    @TempDir
    Path temp;

    static WorkspaceSpec spec(String id, List<WorkspaceSpec.RepoCheckout> repos, Map<String, byte[]> inputs,
                              List<List<String>> setup, Map<String, String> secrets) {
        return new WorkspaceSpec(id, "exec-1", "phase-1", repos, "# Task\nDo the thing.\n", inputs, setup, secrets, LIMITS);
    }

    @Test
    void createsTheLayoutClonesReposCheckoutsRefsAndWritesInputsAndInstructions() throws Exception {
        String url = GitFixture.bareRepository(temp);
        var provider = new LocalWorkspaceProvider(temp.resolve("data/workspaces"));
        try (Workspace workspace = provider.create(spec("ws-1",
                List.of(new WorkspaceSpec.RepoCheckout(url, null, "app"), new WorkspaceSpec.RepoCheckout(url, "feature", "app-feature")),
                Map.of("plan.md", "the plan".getBytes(StandardCharsets.UTF_8), "nested/data.json", "{}".getBytes(StandardCharsets.UTF_8)),
                List.of(), Map.of()), WorkspaceSteps.IGNORE)) {
            Path root = workspace.root();
            assertThat(root).isEqualTo(temp.resolve("data/workspaces/ws-1").toRealPath());
            assertThat(root.resolve("repos")).isDirectory();
            assertThat(workspace.outputDir()).isDirectory().isEmptyDirectory();
            assertThat(root.resolve("CLAUDE.md")).hasContent("# Task\nDo the thing.");
            assertThat(root.resolve("AGENTS.md")).hasContent("# Task\nDo the thing.");
            assertThat(root.resolve("repos/app/README.md")).hasContent("main branch");
            assertThat(root.resolve("repos/app/FEATURE.md")).doesNotExist();
            assertThat(root.resolve("repos/app-feature/FEATURE.md")).hasContent("only on feature");
            assertThat(workspace.inputDir().resolve("plan.md")).hasContent("the plan");
            assertThat(workspace.inputDir().resolve("nested/data.json")).hasContent("{}");
            assertThat(provider.isolating()).isFalse();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "bubblewrap"})
    void setupSeesTheSecretsTheAgentFindsThemNeitherInItsEnvironmentNorInAnyFile(String backend) throws Exception {
        var provider = backend.equals("local") ? new LocalWorkspaceProvider(temp.resolve("ws"))
                : new BubblewrapWorkspaceProvider(temp.resolve("ws"), List.of());
        var steps = new RecordingSteps();
        try (Workspace workspace = provider.create(spec("ws-2", List.of(), Map.of(),
                List.of(List.of("sh", "-c", "test \"$API_TOKEN\" = s3cr3t-value && echo saw-it > setup-saw.txt"), List.of("true")),
                Map.of("API_TOKEN", "s3cr3t-value")), steps)) {
            assertThat(workspace.root().resolve("setup-saw.txt")).hasContent("saw-it");

            var agent = workspace.start(new ProcessSpec(List.of("sh", "-c",
                    "env; echo files-with-secret=$(grep -rl s3cr3t-value . 2>/dev/null | wc -l)"),
                    Map.of("PATH", "/usr/bin:/bin", "ONLY_THIS", "yes")));
            ProcessOutput output = ProcessOutput.of(agent, Duration.ofSeconds(10));
            assertThat(output.exit()).isZero();
            assertThat(output.stdout()).contains("ONLY_THIS=yes").contains("files-with-secret=0")
                    .doesNotContain("s3cr3t-value").doesNotContain("API_TOKEN");
            // nothing of the server's own environment is inherited
            assertThat(System.getenv()).containsKey("HOME");
            assertThat(output.stdout()).doesNotContain("HOME=");
        }
        assertThat(steps.lines).containsExactly(
                "done create layout",
                "done write input files",
                "secrets injected [API_TOKEN]",
                "done setup 1: sh -c test \"$API_TOKEN\" = s3cr3t-value && echo saw-it > setup-saw.txt",
                "done setup 2: true",
                "secrets cleared [API_TOKEN]");
    }

    @Test
    void stepsAreReportedInOrderAndAFailedSetupLeavesNothingBehind() throws Exception {
        String url = GitFixture.bareRepository(temp);
        var provider = new LocalWorkspaceProvider(temp.resolve("ws"));
        var steps = new RecordingSteps();
        assertThatThrownBy(() -> provider.create(spec("ws-3", List.of(new WorkspaceSpec.RepoCheckout(url, "feature", "app")),
                Map.of("a.txt", new byte[]{1}), List.of(List.of("sh", "-c", "echo broken >&2; exit 3")),
                Map.of("K", "v")), steps))
                .isInstanceOf(WorkspaceCreationException.class)
                .hasMessageContaining("setup 1").hasMessageContaining("broken");
        assertThat(steps.lines).hasSize(6);
        assertThat(steps.lines.subList(0, 4)).containsExactly("done create layout", "done clone app",
                "done write input files", "secrets injected [K]");
        assertThat(steps.lines.get(4)).startsWith("failed setup 1: sh -c echo broken >&2; exit 3 exit=3 ").contains("broken");
        assertThat(steps.lines.get(5)).isEqualTo("secrets cleared [K]");
        try (var left = Files.list(temp.resolve("ws"))) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void anUnknownRefFailsTheCloneStepWithGitsMessage() throws Exception {
        String url = GitFixture.bareRepository(temp);
        var provider = new LocalWorkspaceProvider(temp.resolve("ws"));
        assertThatThrownBy(() -> provider.create(spec("ws-4", List.of(new WorkspaceSpec.RepoCheckout(url, "no-such-branch", "app")),
                Map.of(), List.of(), Map.of()), WorkspaceSteps.IGNORE))
                .isInstanceOf(WorkspaceCreationException.class)
                .hasMessageContaining("clone app").hasMessageContaining("no-such-branch");
    }

    @Test
    void inputPathsThatLeaveTheInputDirectoryAreRefused() throws Exception {
        var provider = new LocalWorkspaceProvider(temp.resolve("ws"));
        assertThatThrownBy(() -> provider.create(spec("ws-5", List.of(), Map.of("../../escape.txt", new byte[]{1}),
                List.of(), Map.of()), WorkspaceSteps.IGNORE))
                .isInstanceOf(WorkspaceCreationException.class).hasMessageContaining("inside");
        assertThat(temp.resolve("escape.txt")).doesNotExist();
        assertThat(temp.resolve("ws/escape.txt")).doesNotExist();
    }

    @Test
    void closeStopsProcessesAndRemovesEverythingIncludingReadOnlyFilesAndLinksItDoesNotFollow() throws Exception {
        Path outsideFile = Files.writeString(temp.resolve("outside.txt"), "keep me");
        var provider = new LocalWorkspaceProvider(temp.resolve("ws"));
        Workspace workspace = provider.create(spec("ws-6", List.of(), Map.of(), List.of(), Map.of()), WorkspaceSteps.IGNORE);
        Files.createSymbolicLink(workspace.root().resolve("link-out"), temp);
        Path readOnly = Files.createDirectories(workspace.root().resolve("ro"));
        Files.writeString(readOnly.resolve("f"), "x");
        readOnly.toFile().setWritable(false);
        var sleeper = workspace.start(new ProcessSpec(List.of("sleep", "100"), PATH));

        workspace.close();
        workspace.close();

        assertThat(ProcessHandle.of(sleeper.pid()).map(ProcessTree::running).orElse(false)).isFalse();
        assertThat(workspace.root()).doesNotExist();
        try (var left = Files.list(temp.resolve("ws"))) {
            assertThat(left).isEmpty();
        }
        assertThat(outsideFile).hasContent("keep me");
    }

    @Test
    void aProcessIsStoppedWhenItsWallTimeIsUp() throws Exception {
        var provider = new LocalWorkspaceProvider(temp.resolve("ws"));
        var oneSecond = new WorkspaceSpec("ws-7", "e", "p", List.of(), "", Map.of(), List.of(), Map.of(),
                new WorkspaceLimits(1000, 1024, 256, 1, NetworkAccess.NONE));
        try (Workspace workspace = provider.create(oneSecond, WorkspaceSteps.IGNORE)) {
            long started = System.nanoTime();
            var sleeper = workspace.start(new ProcessSpec(List.of("sleep", "100"), PATH));
            assertThat(sleeper.waitFor(Duration.ofSeconds(5))).as("stopped by the watchdog").isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        }
    }

    @Test
    void leftoversOfADeadOwnerAreDestroyedAndALiveOwnersWorkspaceIsKept() throws Exception {
        Path base = temp.resolve("ws");
        var provider = new LocalWorkspaceProvider(base);
        Workspace live = provider.create(spec("live", List.of(), Map.of(), List.of(), Map.of()), WorkspaceSteps.IGNORE);

        // a workspace whose owner ran and died: its pid and start time are real, the process is gone
        Process owner = new ProcessBuilder("true").start();
        OwnerMarker dead = OwnerMarker.of(owner.toHandle());
        owner.waitFor();
        Files.createDirectories(base.resolve("crashed/repos"));
        Files.writeString(base.resolve("crashed/CLAUDE.md"), "x");
        new OwnerMarker(dead.pid(), dead.startedAt() == null ? Instant.EPOCH : dead.startedAt()).writeTo(base.resolve("crashed.owner"));
        // a live pid whose start time differs is a different process: the owner is gone as well
        Files.createDirectories(base.resolve("reused-pid"));
        new OwnerMarker(ProcessHandle.current().pid(), Instant.EPOCH).writeTo(base.resolve("reused-pid.owner"));

        assertThat(new LocalWorkspaceProvider(base).destroyLeftovers()).containsExactlyInAnyOrder("crashed", "reused-pid");

        assertThat(base.resolve("crashed")).doesNotExist();
        assertThat(base.resolve("crashed.owner")).doesNotExist();
        assertThat(base.resolve("reused-pid")).doesNotExist();
        assertThat(live.root()).isDirectory();
        assertThat(base.resolve("live.owner")).exists();
        live.close();
    }
}
