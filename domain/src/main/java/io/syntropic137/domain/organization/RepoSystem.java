package io.syntropic137.domain.organization;

import io.syntropic137.domain.organization.SystemCommand.AssignRepoToSystem;
import io.syntropic137.domain.organization.SystemCommand.CreateSystem;
import io.syntropic137.domain.organization.SystemCommand.DeleteSystem;
import io.syntropic137.domain.organization.SystemCommand.UnassignRepoFromSystem;
import io.syntropic137.domain.organization.SystemCommand.UpdateSystem;
import io.syntropic137.domain.organization.SystemEvent.RepoAssignedToSystem;
import io.syntropic137.domain.organization.SystemEvent.RepoUnassignedFromSystem;
import io.syntropic137.domain.organization.SystemEvent.SystemCreated;
import io.syntropic137.domain.organization.SystemEvent.SystemDeleted;
import io.syntropic137.domain.organization.SystemEvent.SystemUpdated;
import io.syntropic137.domain.shared.Aggregate;
import io.syntropic137.domain.shared.AggregateType;
import io.syntropic137.domain.shared.Checks;
import io.syntropic137.domain.shared.Rejection;
import io.syntropic137.domain.shared.Result;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import static io.syntropic137.domain.shared.Decisions.accept;
import static io.syntropic137.domain.shared.Decisions.reject;

/**
 * The brief's <em>System</em> aggregate: a named group of repos inside one organization. The Java name
 * avoids shadowing {@code java.lang.System}.
 */
public record RepoSystem(String systemId, String organizationId, String name, String description,
                         List<String> repoIds, LifecycleStatus status)
        implements Aggregate<RepoSystem, SystemCommand, SystemEvent> {

    public static final RepoSystem NONE = new RepoSystem(null, null, null, null, List.of(), LifecycleStatus.NONE);

    public static final AggregateType<RepoSystem, SystemCommand, SystemEvent> TYPE = new AggregateType<>(
            "system", NONE, RepoSystem.class, SystemCommand.class, SystemEvent.class);

    private static final String AGGREGATE = "system";

    public RepoSystem {
        repoIds = List.copyOf(repoIds);
    }

    @Override
    public Result<List<SystemEvent>, Rejection> decide(SystemCommand command) {
        if (command instanceof CreateSystem c) {
            if (status != LifecycleStatus.NONE) {
                return reject(new Rejection.AlreadyExists(AGGREGATE, c.systemId()));
            }
            Optional<Rejection> problem = Checks.firstProblem(Checks.id("systemId", c.systemId()),
                    Checks.id("organizationId", c.organizationId()), Checks.notBlank("name", c.name()),
                    Checks.present("at", c.at()));
            return problem.isPresent() ? reject(problem.get()) : accept(new SystemCreated(c.systemId(),
                    c.organizationId(), c.name().strip(), Objects.requireNonNullElse(c.description(), ""), c.at()));
        }
        if (status == LifecycleStatus.NONE) {
            return reject(new Rejection.NotFound(AGGREGATE, command.systemId()));
        }
        if (status == LifecycleStatus.DELETED) {
            return reject(new Rejection.IllegalTransition(AGGREGATE, systemId, "DELETED", "change",
                    "it has been deleted"));
        }
        return switch (command) {
            case CreateSystem c -> throw new IllegalStateException("handled above");
            case UpdateSystem c -> update(c);
            case DeleteSystem c -> accept(new SystemDeleted(systemId, c.at()));
            case AssignRepoToSystem c -> Checks.id("repoId", c.repoId()).map(RepoSystem::rejected).orElseGet(() ->
                    repoIds.contains(c.repoId())
                            ? reject(new Rejection.RuleViolated("repo-already-assigned",
                            "repo '" + c.repoId() + "' is already part of system '" + systemId + "'"))
                            : accept(new RepoAssignedToSystem(systemId, c.repoId(), c.at())));
            case UnassignRepoFromSystem c -> repoIds.contains(c.repoId())
                    ? accept(new RepoUnassignedFromSystem(systemId, c.repoId(), c.at()))
                    : reject(new Rejection.RuleViolated("repo-not-assigned",
                    "repo '" + c.repoId() + "' is not part of system '" + systemId + "'"));
        };
    }

    private Result<List<SystemEvent>, Rejection> update(UpdateSystem c) {
        if (c.name() != null && c.name().isBlank()) {
            return reject(new Rejection.InvalidInput("name", "must not be blank"));
        }
        String newName = c.name() == null ? name : c.name().strip();
        String newDescription = Objects.requireNonNullElse(c.description(), description);
        if (newName.equals(name) && newDescription.equals(description)) {
            return reject(new Rejection.RuleViolated("nothing-to-change", "system '" + systemId + "' already has these values"));
        }
        return accept(new SystemUpdated(systemId, newName, newDescription, c.at()));
    }

    private static Result<List<SystemEvent>, Rejection> rejected(Rejection rejection) {
        return reject(rejection);
    }

    @Override
    public RepoSystem evolve(SystemEvent event) {
        return switch (event) {
            case SystemCreated e -> new RepoSystem(e.systemId(), e.organizationId(), e.name(), e.description(),
                    List.of(), LifecycleStatus.ACTIVE);
            case SystemUpdated e -> new RepoSystem(systemId, organizationId, e.name(), e.description(), repoIds, status);
            case SystemDeleted e -> new RepoSystem(systemId, organizationId, name, description, repoIds,
                    LifecycleStatus.DELETED);
            case RepoAssignedToSystem e -> {
                var ids = new ArrayList<>(repoIds);
                ids.add(e.repoId());
                yield new RepoSystem(systemId, organizationId, name, description, ids, status);
            }
            case RepoUnassignedFromSystem e -> {
                var ids = new ArrayList<>(repoIds);
                ids.remove(e.repoId());
                yield new RepoSystem(systemId, organizationId, name, description, ids, status);
            }
        };
    }
}
