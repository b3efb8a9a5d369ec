package io.syntropic137.domain.orchestration;

import io.syntropic137.domain.shared.Command;

import java.time.Instant;
import java.util.List;

/** Commands to a {@link Workspace}. Secrets are only ever named, never carried. */
public sealed interface WorkspaceCommand extends Command {

    String workspaceId();

    @Override
    default String aggregateId() {
        return workspaceId();
    }

    record CreateWorkspace(String workspaceId, String executionId, String phaseId, IsolationBackend backend,
                           String path, WorkspaceLimits limits, Instant at) implements WorkspaceCommand {
    }

    /** Names of the environment variables that were set; the values stay with the secret store. */
    record InjectSecrets(String workspaceId, List<String> names, Instant at) implements WorkspaceCommand {
    }

    record ClearSecrets(String workspaceId, Instant at) implements WorkspaceCommand {
    }

    /** A setup or agent command that exited with status 0. */
    record RecordCommandExecuted(String workspaceId, String command, long durationMs, Instant at)
            implements WorkspaceCommand {
    }

    /** A command that could not run or exited non-zero ({@code exitCode} null when it never started). */
    record RecordCommandFailed(String workspaceId, String command, Integer exitCode, String error, long durationMs,
                               Instant at) implements WorkspaceCommand {
    }

    record DestroyWorkspace(String workspaceId, Instant at) implements WorkspaceCommand {
    }

    record RecordWorkspaceError(String workspaceId, String message, Instant at) implements WorkspaceCommand {
    }
}
