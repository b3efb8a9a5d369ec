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
import io.syntropic137.domain.shared.Aggregate;
import io.syntropic137.domain.shared.AggregateType;
import io.syntropic137.domain.shared.Checks;
import io.syntropic137.domain.shared.Rejection;
import io.syntropic137.domain.shared.Result;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static io.syntropic137.domain.shared.Decisions.accept;
import static io.syntropic137.domain.shared.Decisions.reject;

/**
 * The isolated directory one phase runs in. It tracks which secrets are present (by name) so that a
 * workspace cannot be left holding secrets: destroying it clears them first.
 */
public record Workspace(String workspaceId, String executionId, String phaseId, IsolationBackend backend, String path,
                        WorkspaceLimits limits, WorkspaceStatus status, List<String> secretNames, long commandsRun,
                        long commandsFailed, long errors)
        implements Aggregate<Workspace, WorkspaceCommand, WorkspaceEvent> {

    public static final Workspace NONE = new Workspace(null, null, null, null, null, null, WorkspaceStatus.NONE,
            List.of(), 0, 0, 0);

    public static final AggregateType<Workspace, WorkspaceCommand, WorkspaceEvent> TYPE = new AggregateType<>(
            "workspace", NONE, Workspace.class, WorkspaceCommand.class, WorkspaceEvent.class);

    /** Environment-variable names only: a value pasted by mistake (spaces, lowercase, symbols) is refused. */
    private static final Pattern SECRET_NAME = Pattern.compile("[A-Z][A-Z0-9_]{0,127}");
    private static final String AGGREGATE = "workspace";

    public Workspace {
        secretNames = List.copyOf(secretNames);
    }

    @Override
    public Result<List<WorkspaceEvent>, Rejection> decide(WorkspaceCommand command) {
        if (command instanceof CreateWorkspace c) {
            return create(c);
        }
        if (status == WorkspaceStatus.NONE) {
            return reject(new Rejection.NotFound(AGGREGATE, command.workspaceId()));
        }
        if (status == WorkspaceStatus.DESTROYED) {
            return reject(new Rejection.IllegalTransition(AGGREGATE, workspaceId, status.name(), verb(command),
                    "a destroyed workspace takes no more commands"));
        }
        return switch (command) {
            case CreateWorkspace c -> create(c);
            case InjectSecrets c -> inject(c);
            case ClearSecrets c -> secretNames.isEmpty()
                    ? reject(new Rejection.RuleViolated("no-secrets", "workspace '" + workspaceId + "' holds no secrets"))
                    : accept(new SecretsCleared(workspaceId, secretNames, c.at()));
            case RecordCommandExecuted c -> Checks.firstProblem(Checks.notBlank("command", c.command()),
                            Checks.notNegative("durationMs", c.durationMs()))
                    .<Result<List<WorkspaceEvent>, Rejection>>map(r -> reject(r))
                    .orElseGet(() -> accept(new CommandExecuted(workspaceId, c.command(), c.durationMs(), c.at())));
            case RecordCommandFailed c -> Checks.firstProblem(Checks.notBlank("command", c.command()),
                            Checks.notBlank("error", c.error()), Checks.notNegative("durationMs", c.durationMs()))
                    .<Result<List<WorkspaceEvent>, Rejection>>map(r -> reject(r))
                    .orElseGet(() -> accept(new CommandFailed(workspaceId, c.command(), c.exitCode(), c.error(),
                            c.durationMs(), c.at())));
            case DestroyWorkspace c -> secretNames.isEmpty()
                    ? accept(new WorkspaceDestroyed(workspaceId, c.at()))
                    : accept(new SecretsCleared(workspaceId, secretNames, c.at()), new WorkspaceDestroyed(workspaceId, c.at()));
            case RecordWorkspaceError c -> Checks.notBlank("message", c.message())
                    .<Result<List<WorkspaceEvent>, Rejection>>map(r -> reject(r))
                    .orElseGet(() -> accept(new WorkspaceError(workspaceId, c.message(), c.at())));
        };
    }

    private Result<List<WorkspaceEvent>, Rejection> create(CreateWorkspace c) {
        if (status != WorkspaceStatus.NONE) {
            return reject(new Rejection.AlreadyExists(AGGREGATE, c.workspaceId()));
        }
        Optional<Rejection> problem = Checks.firstProblem(
                Checks.id("workspaceId", c.workspaceId()),
                Checks.id("executionId", c.executionId()),
                Checks.id("phaseId", c.phaseId()),
                Checks.present("backend", c.backend()),
                Checks.notBlank("path", c.path()),
                Checks.present("limits", c.limits()),
                Checks.present("at", c.at()));
        if (problem.isEmpty()) {
            WorkspaceLimits l = c.limits();
            problem = Checks.firstProblem(
                    Checks.positive("limits.milliCpus", l.milliCpus()),
                    Checks.positive("limits.memoryMb", l.memoryMb()),
                    Checks.positive("limits.maxProcesses", l.maxProcesses()),
                    Checks.positive("limits.timeoutSeconds", l.timeoutSeconds()),
                    Checks.present("limits.network", l.network()));
        }
        return problem.isPresent() ? reject(problem.get()) : accept(new WorkspaceCreated(c.workspaceId(),
                c.executionId(), c.phaseId(), c.backend(), c.path(), c.limits(), c.at()));
    }

    private Result<List<WorkspaceEvent>, Rejection> inject(InjectSecrets c) {
        if (c.names() == null || c.names().isEmpty()) {
            return reject(new Rejection.InvalidInput("names", "name at least one secret"));
        }
        for (String name : c.names()) {
            if (name == null || !SECRET_NAME.matcher(name).matches()) {
                return reject(new Rejection.InvalidInput("names", "secret names look like ENV_VAR_NAMES "
                        + "(uppercase letters, digits, '_'); refusing an entry that does not, in case it is a value"));
            }
            if (secretNames.contains(name)) {
                return reject(new Rejection.RuleViolated("secret-already-injected",
                        "secret " + name + " is already present in workspace '" + workspaceId + "'"));
            }
        }
        return accept(new SecretsInjected(workspaceId, List.copyOf(new TreeSet<>(c.names())), c.at()));
    }

    private static String verb(WorkspaceCommand command) {
        return switch (command) {
            case CreateWorkspace c -> "create";
            case InjectSecrets c -> "inject secrets into";
            case ClearSecrets c -> "clear secrets of";
            case RecordCommandExecuted c -> "record a command in";
            case RecordCommandFailed c -> "record a failed command in";
            case DestroyWorkspace c -> "destroy";
            case RecordWorkspaceError c -> "record an error in";
        };
    }

    @Override
    public Workspace evolve(WorkspaceEvent event) {
        return switch (event) {
            case WorkspaceCreated e -> new Workspace(e.workspaceId(), e.executionId(), e.phaseId(), e.backend(),
                    e.path(), e.limits(), WorkspaceStatus.READY, List.of(), 0, 0, 0);
            case SecretsInjected e -> {
                var names = new TreeSet<>(secretNames);
                names.addAll(e.names());
                yield with(status, new ArrayList<>(names), commandsRun, commandsFailed, errors);
            }
            case SecretsCleared e -> {
                var names = new ArrayList<>(secretNames);
                names.removeAll(e.names());
                yield with(status, names, commandsRun, commandsFailed, errors);
            }
            case CommandExecuted e -> with(status, secretNames, commandsRun + 1, commandsFailed, errors);
            case CommandFailed e -> with(status, secretNames, commandsRun + 1, commandsFailed + 1, errors);
            case WorkspaceDestroyed e -> with(WorkspaceStatus.DESTROYED, secretNames, commandsRun, commandsFailed, errors);
            case WorkspaceError e -> with(status, secretNames, commandsRun, commandsFailed, errors + 1);
        };
    }

    private Workspace with(WorkspaceStatus newStatus, List<String> names, long run, long failed, long errorCount) {
        return new Workspace(workspaceId, executionId, phaseId, backend, path, limits, newStatus, names, run, failed,
                errorCount);
    }
}
