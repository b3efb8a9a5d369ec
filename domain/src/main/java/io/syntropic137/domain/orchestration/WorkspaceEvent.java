package io.syntropic137.domain.orchestration;

import io.syntropic137.domain.shared.DomainEvent;

import java.time.Instant;
import java.util.List;

/** Events of a {@link Workspace}. No event ever holds a secret value. */
public sealed interface WorkspaceEvent extends DomainEvent {

    String workspaceId();

    record WorkspaceCreated(String workspaceId, String executionId, String phaseId, IsolationBackend backend,
                            String path, WorkspaceLimits limits, Instant at) implements WorkspaceEvent {
    }

    record SecretsInjected(String workspaceId, List<String> names, Instant at) implements WorkspaceEvent {
    }

    record SecretsCleared(String workspaceId, List<String> names, Instant at) implements WorkspaceEvent {
    }

    record CommandExecuted(String workspaceId, String command, long durationMs, Instant at) implements WorkspaceEvent {
    }

    record CommandFailed(String workspaceId, String command, Integer exitCode, String error, long durationMs,
                         Instant at) implements WorkspaceEvent {
    }

    record WorkspaceDestroyed(String workspaceId, Instant at) implements WorkspaceEvent {
    }

    record WorkspaceError(String workspaceId, String message, Instant at) implements WorkspaceEvent {
    }
}
