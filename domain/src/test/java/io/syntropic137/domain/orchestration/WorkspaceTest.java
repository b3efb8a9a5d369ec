package io.syntropic137.domain.orchestration;

import io.syntropic137.domain.orchestration.WorkspaceCommand.ClearSecrets;
import io.syntropic137.domain.orchestration.WorkspaceCommand.CreateWorkspace;
import io.syntropic137.domain.orchestration.WorkspaceCommand.DestroyWorkspace;
import io.syntropic137.domain.orchestration.WorkspaceCommand.InjectSecrets;
import io.syntropic137.domain.orchestration.WorkspaceCommand.RecordCommandExecuted;
import io.syntropic137.domain.orchestration.WorkspaceCommand.RecordCommandFailed;
import io.syntropic137.domain.orchestration.WorkspaceCommand.RecordWorkspaceError;
import io.syntropic137.domain.orchestration.WorkspaceEvent.CommandExecuted;
import io.syntropic137.domain.orchestration.WorkspaceEvent.CommandFailed;
import io.syntropic137.domain.orchestration.WorkspaceEvent.SecretsCleared;
import io.syntropic137.domain.orchestration.WorkspaceEvent.SecretsInjected;
import io.syntropic137.domain.orchestration.WorkspaceEvent.WorkspaceCreated;
import io.syntropic137.domain.orchestration.WorkspaceEvent.WorkspaceDestroyed;
import io.syntropic137.domain.orchestration.WorkspaceEvent.WorkspaceError;
import io.syntropic137.domain.shared.Rejection;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static io.syntropic137.domain.testing.Scenario.given;
import static org.assertj.core.api.Assertions.assertThat;

class WorkspaceTest {
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
    private static final WorkspaceLimits LIMITS = new WorkspaceLimits(2000, 4096, 256, 3600, NetworkAccess.ALLOW_LISTED_EGRESS);
    private static final WorkspaceCreated CREATED = new WorkspaceCreated("ws", "ex", "plan", IsolationBackend.BUBBLEWRAP, "/w/ws", LIMITS, T);
    private static final SecretsInjected INJECTED = new SecretsInjected("ws", List.of("GH_TOKEN"), T);
    private static final WorkspaceDestroyed DESTROYED = new WorkspaceDestroyed("ws", T);

    @Test
    void create() {
        given(Workspace.TYPE).when(new CreateWorkspace("ws", "ex", "plan", IsolationBackend.BUBBLEWRAP, "/w/ws", LIMITS, T)).then(CREATED);
        given(Workspace.TYPE, CREATED).when(new CreateWorkspace("ws", "ex", "plan", IsolationBackend.LOCAL, "/w", LIMITS, T))
                .thenRejected(Rejection.AlreadyExists.class);
        given(Workspace.TYPE).when(new CreateWorkspace("ws", "ex", "plan", null, "/w", LIMITS, T)).thenInvalid("backend");
        given(Workspace.TYPE).when(new CreateWorkspace("ws", "ex", "plan", IsolationBackend.DOCKER, " ", LIMITS, T)).thenInvalid("path");
        given(Workspace.TYPE).when(new CreateWorkspace("ws", "ex", "plan", IsolationBackend.DOCKER, "/w",
                new WorkspaceLimits(0, 1, 1, 1, NetworkAccess.NONE), T)).thenInvalid("limits.milliCpus");
        given(Workspace.TYPE).when(new CreateWorkspace("ws", "ex", "plan", IsolationBackend.DOCKER, "/w",
                new WorkspaceLimits(1, 1, 1, 1, null), T)).thenInvalid("limits.network");
    }

    @Test
    void secrets() {
        given(Workspace.TYPE, CREATED).when(new InjectSecrets("ws", List.of("NPM_TOKEN", "GH_TOKEN"), T))
                .then(new SecretsInjected("ws", List.of("GH_TOKEN", "NPM_TOKEN"), T));
        given(Workspace.TYPE, CREATED).when(new InjectSecrets("ws", List.of("ghp_abc123 secret"), T)).thenInvalid("names");
        given(Workspace.TYPE, CREATED).when(new InjectSecrets("ws", List.of(), T)).thenInvalid("names");
        given(Workspace.TYPE, CREATED, INJECTED).when(new InjectSecrets("ws", List.of("GH_TOKEN"), T)).thenViolates("secret-already-injected");
        given(Workspace.TYPE, CREATED, INJECTED).when(new ClearSecrets("ws", T)).then(new SecretsCleared("ws", List.of("GH_TOKEN"), T))
                .thenState(s -> assertThat(s.secretNames()).isEmpty());
        given(Workspace.TYPE, CREATED).when(new ClearSecrets("ws", T)).thenViolates("no-secrets");
    }

    @Test
    void commandsAndErrors() {
        given(Workspace.TYPE, CREATED).when(new RecordCommandExecuted("ws", "git clone", 1200, T))
                .then(new CommandExecuted("ws", "git clone", 1200, T));
        given(Workspace.TYPE, CREATED).when(new RecordCommandExecuted("ws", "", 1, T)).thenInvalid("command");
        given(Workspace.TYPE, CREATED).when(new RecordCommandExecuted("ws", "ls", -1, T)).thenInvalid("durationMs");
        given(Workspace.TYPE, CREATED).when(new RecordCommandFailed("ws", "npm test", 1, "3 failing", 10, T))
                .then(new CommandFailed("ws", "npm test", 1, "3 failing", 10, T))
                .thenState(s -> assertThat(s.commandsFailed()).isEqualTo(1));
        given(Workspace.TYPE, CREATED).when(new RecordCommandFailed("ws", "npm test", 1, " ", 10, T)).thenInvalid("error");
        given(Workspace.TYPE, CREATED).when(new RecordWorkspaceError("ws", "disk full", T)).then(new WorkspaceError("ws", "disk full", T));
        given(Workspace.TYPE, CREATED).when(new RecordWorkspaceError("ws", "", T)).thenInvalid("message");
    }

    @Test
    void destroyClearsSecretsFirstAndEndsTheWorkspace() {
        given(Workspace.TYPE, CREATED, INJECTED).when(new DestroyWorkspace("ws", T))
                .then(new SecretsCleared("ws", List.of("GH_TOKEN"), T), DESTROYED)
                .thenState(s -> assertThat(s.secretNames()).isEmpty());
        given(Workspace.TYPE, CREATED).when(new DestroyWorkspace("ws", T)).then(DESTROYED);
        given(Workspace.TYPE, CREATED, DESTROYED).when(new DestroyWorkspace("ws", T)).thenRejected(Rejection.IllegalTransition.class);
        given(Workspace.TYPE, CREATED, DESTROYED).when(new RecordCommandExecuted("ws", "ls", 1, T)).thenRejected(Rejection.IllegalTransition.class);
        given(Workspace.TYPE).when(new ClearSecrets("ws", T)).thenRejected(Rejection.NotFound.class);
    }
}
