package io.syntropic137.engine;

import io.syntropic137.domain.orchestration.WorkspaceCommand;
import io.syntropic137.engine.ExecutionPlans.Plan;
import io.syntropic137.engine.port.Workspace;
import io.syntropic137.engine.port.WorkspaceSpec;
import io.syntropic137.engine.port.WorkspaceSteps;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** One workspace of one phase attempt, from creation to destruction, each step recorded as a Workspace event. */
final class WorkspaceSession implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WorkspaceSession.class);

    private final EngineParts parts;
    private final SerialRecorder recorder;
    private final Workspace workspace;

    private WorkspaceSession(EngineParts parts, SerialRecorder recorder, Workspace workspace) {
        this.parts = parts;
        this.recorder = recorder;
        this.workspace = workspace;
    }

    String workspaceId() {
        return workspace.workspaceId();
    }

    Workspace workspace() {
        return workspace;
    }

    static WorkspaceSession open(EngineParts parts, SerialRecorder recorder, String executionId, String phaseId, String sessionId, Plan plan,
                                 String prompt, PhaseInputs inputs) throws IOException {
        String workspaceId = "ws-" + sessionId;
        var repos = new ArrayList<WorkspaceSpec.RepoCheckout>();
        for (int i = 0; i < plan.repos().size(); i++) {
            String url = plan.repos().get(i);
            repos.add(new WorkspaceSpec.RepoCheckout(url, null, directoryOf(url, i)));
        }
        var steps = new BufferedSteps();
        var spec = new WorkspaceSpec(workspaceId, executionId, phaseId, repos,
                instructions(plan, phaseId, prompt, inputs), inputs.files(), List.of(), Map.of(),
                parts.config().workspaceLimits());
        Workspace workspace = parts.workspaces().create(spec, steps);
        // the engine warned at start that this provider does not isolate; each workspace records it as an event
        LOG.debug("workspace {} of execution {} created by the {} provider", workspaceId, executionId,
                parts.workspaces().backend());
        var create = new WorkspaceCommand.CreateWorkspace(workspaceId, executionId, phaseId, parts.workspaces().backend(),
                workspace.root().toString(), parts.config().workspaceLimits(), parts.now());
        recorder.workspace(create);
        steps.record(parts, recorder, workspaceId);
        if (!parts.workspaces().isolating()) {
            recorder.workspace(new WorkspaceCommand.RecordWorkspaceError(workspaceId,
                    "not isolated: the " + parts.workspaces().backend() + " provider runs agents with the server's rights",
                    parts.now()));
        }
        return new WorkspaceSession(parts, recorder, workspace);
    }

    /** Destroys the workspace; a failure is recorded on it and logged, the phase's outcome stands. */
    @Override
    public void close() {
        try {
            workspace.close();
            var destroy = new WorkspaceCommand.DestroyWorkspace(workspaceId(), parts.now());
            recorder.workspace(destroy);
        } catch (IOException e) {
            LOG.error("destroying workspace {} failed; startup clean-up will retry: {}", workspaceId(), e.toString());
            var error = new WorkspaceCommand.RecordWorkspaceError(workspaceId(), "destroy failed: " + e.getMessage(), parts.now());
            recorder.workspace(error);
        }
    }

    private static String directoryOf(String url, int index) {
        String name = url.replaceAll("/+$", "");
        name = name.substring(name.lastIndexOf('/') + 1).replaceAll("\\.git$", "").replaceAll("[^A-Za-z0-9._-]", "_");
        return name.isEmpty() ? "repo-" + index : name;
    }

    private static String instructions(Plan plan, String phaseId, String prompt, PhaseInputs inputs) {
        StringBuilder md = new StringBuilder();
        md.append("# Workspace of phase `").append(phaseId).append("` (execution `").append(plan.executionId()).append("`)\n\n");
        md.append("## Layout\n");
        md.append("- `repos/`: the repositories of this run, cloned\n");
        md.append("- `artifacts/input/<phase>/`: what earlier phases produced");
        md.append(inputs.files().isEmpty() ? " (none for this phase)\n" : "\n");
        md.append("- `artifacts/output/`: put every deliverable of this phase here; each file becomes an artifact\n\n");
        md.append("## Task\n").append(plan.task() == null || plan.task().isBlank() ? "(none given)" : plan.task()).append("\n\n");
        md.append("## This phase\n").append(prompt).append('\n');
        return md.toString();
    }

    /** Steps happen before the workspace's creation can be recorded; they are recorded right after it. */
    private static final class BufferedSteps implements WorkspaceSteps {
        private final List<Supplier<WorkspaceCommand>> pending = new ArrayList<>();
        private String workspaceId;
        private EngineParts parts;

        @Override
        public synchronized void stepDone(String step, long durationMs) {
            pending.add(() -> new WorkspaceCommand.RecordCommandExecuted(workspaceId, step, durationMs, parts.now()));
        }

        @Override
        public synchronized void stepFailed(String step, Integer exitCode, String error, long durationMs) {
            pending.add(() -> new WorkspaceCommand.RecordCommandFailed(workspaceId, step, exitCode,
                    error == null || error.isBlank() ? "failed" : error, durationMs, parts.now()));
        }

        @Override
        public synchronized void secretsInjected(List<String> names) {
            pending.add(() -> new WorkspaceCommand.InjectSecrets(workspaceId, List.copyOf(names), parts.now()));
        }

        @Override
        public synchronized void secretsCleared(List<String> names) {
            pending.add(() -> new WorkspaceCommand.ClearSecrets(workspaceId, parts.now()));
        }

        synchronized void record(EngineParts parts, SerialRecorder recorder, String workspaceId) {
            this.parts = parts;
            this.workspaceId = workspaceId;
            for (Supplier<WorkspaceCommand> command : pending) {
                recorder.workspace(command.get());
            }
            pending.clear();
        }
    }
}
