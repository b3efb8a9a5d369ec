package io.syntropic137.domain.github;

import io.syntropic137.domain.github.InstallationCommand.ChangeInstallationRepos;
import io.syntropic137.domain.github.InstallationCommand.RecordInstallation;
import io.syntropic137.domain.github.InstallationCommand.RevokeInstallation;
import io.syntropic137.domain.github.InstallationCommand.SuspendInstallation;
import io.syntropic137.domain.github.InstallationCommand.UnsuspendInstallation;
import io.syntropic137.domain.github.InstallationEvent.InstallationCreated;
import io.syntropic137.domain.github.InstallationEvent.InstallationReposChanged;
import io.syntropic137.domain.github.InstallationEvent.InstallationRevoked;
import io.syntropic137.domain.github.InstallationEvent.InstallationSuspended;
import io.syntropic137.domain.github.InstallationEvent.InstallationUnsuspended;
import io.syntropic137.domain.shared.Aggregate;
import io.syntropic137.domain.shared.AggregateType;
import io.syntropic137.domain.shared.Checks;
import io.syntropic137.domain.shared.Rejection;
import io.syntropic137.domain.shared.Result;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

import static io.syntropic137.domain.shared.Decisions.accept;
import static io.syntropic137.domain.shared.Decisions.reject;

/** A GitHub App installation and the repos it grants access to. Revoked is final: GitHub issues a new id. */
public record Installation(String installationId, String account, InstallationStatus status, List<String> repos)
        implements Aggregate<Installation, InstallationCommand, InstallationEvent> {

    public static final Installation NONE = new Installation(null, null, InstallationStatus.NONE, List.of());

    public static final AggregateType<Installation, InstallationCommand, InstallationEvent> TYPE = new AggregateType<>(
            "installation", NONE, Installation.class, InstallationCommand.class, InstallationEvent.class);

    private static final String AGGREGATE = "installation";

    public Installation {
        repos = List.copyOf(repos);
    }

    @Override
    public Result<List<InstallationEvent>, Rejection> decide(InstallationCommand command) {
        if (command instanceof RecordInstallation c) {
            if (status != InstallationStatus.NONE) {
                return reject(new Rejection.AlreadyExists(AGGREGATE, c.installationId()));
            }
            List<String> repoNames = c.repos() == null ? List.of() : c.repos();
            Optional<Rejection> problem = Checks.firstProblem(Checks.id("installationId", c.installationId()),
                    Checks.notBlank("account", c.account()), Checks.present("at", c.at()),
                    Checks.unique("repos", repoNames, r -> r));
            return problem.isPresent() ? reject(problem.get())
                    : accept(new InstallationCreated(c.installationId(), c.account(), List.copyOf(repoNames), c.at()));
        }
        if (status == InstallationStatus.NONE) {
            return reject(new Rejection.NotFound(AGGREGATE, command.installationId()));
        }
        if (status == InstallationStatus.REVOKED) {
            return reject(new Rejection.IllegalTransition(AGGREGATE, installationId, status.name(), verb(command),
                    "a revoked installation is final; GitHub assigns a new id when the app is installed again"));
        }
        return switch (command) {
            case RecordInstallation c -> throw new IllegalStateException("handled above");
            case SuspendInstallation c -> status == InstallationStatus.SUSPENDED
                    ? reject(new Rejection.IllegalTransition(AGGREGATE, installationId, status.name(), "suspend",
                    "it is suspended already"))
                    : accept(new InstallationSuspended(installationId, c.at()));
            case UnsuspendInstallation c -> status != InstallationStatus.SUSPENDED
                    ? reject(new Rejection.IllegalTransition(AGGREGATE, installationId, status.name(), "unsuspend",
                    "only a suspended installation can be unsuspended"))
                    : accept(new InstallationUnsuspended(installationId, c.at()));
            case RevokeInstallation c -> accept(new InstallationRevoked(installationId, c.at()));
            case ChangeInstallationRepos c -> changeRepos(c);
        };
    }

    private Result<List<InstallationEvent>, Rejection> changeRepos(ChangeInstallationRepos c) {
        List<String> added = c.added() == null ? List.of() : c.added();
        List<String> removed = c.removed() == null ? List.of() : c.removed();
        if (added.isEmpty() && removed.isEmpty()) {
            return reject(new Rejection.InvalidInput("added/removed", "name at least one repo to add or remove"));
        }
        for (String repo : added) {
            if (repos.contains(repo)) {
                return reject(new Rejection.RuleViolated("repo-already-granted",
                        "installation '" + installationId + "' already grants " + repo));
            }
        }
        for (String repo : removed) {
            if (!repos.contains(repo)) {
                return reject(new Rejection.RuleViolated("repo-not-granted",
                        "installation '" + installationId + "' does not grant " + repo));
            }
        }
        return accept(new InstallationReposChanged(installationId, List.copyOf(added), List.copyOf(removed), c.at()));
    }

    private static String verb(InstallationCommand command) {
        return switch (command) {
            case RecordInstallation c -> "record";
            case SuspendInstallation c -> "suspend";
            case UnsuspendInstallation c -> "unsuspend";
            case RevokeInstallation c -> "revoke";
            case ChangeInstallationRepos c -> "change the repos of";
        };
    }

    @Override
    public Installation evolve(InstallationEvent event) {
        return switch (event) {
            case InstallationCreated e -> new Installation(e.installationId(), e.account(), InstallationStatus.ACTIVE,
                    e.repos());
            case InstallationSuspended e -> new Installation(installationId, account, InstallationStatus.SUSPENDED, repos);
            case InstallationUnsuspended e -> new Installation(installationId, account, InstallationStatus.ACTIVE, repos);
            case InstallationRevoked e -> new Installation(installationId, account, InstallationStatus.REVOKED, repos);
            case InstallationReposChanged e -> {
                var all = new LinkedHashSet<>(repos);
                all.addAll(e.added());
                e.removed().forEach(all::remove);
                yield new Installation(installationId, account, status, List.copyOf(all));
            }
        };
    }
}
