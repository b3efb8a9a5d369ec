package io.syntropic137.domain.organization;

import io.syntropic137.domain.organization.RepoCommand.DeregisterRepo;
import io.syntropic137.domain.organization.RepoCommand.RegisterRepo;
import io.syntropic137.domain.organization.RepoCommand.UpdateRepo;
import io.syntropic137.domain.organization.RepoEvent.RepoDeregistered;
import io.syntropic137.domain.organization.RepoEvent.RepoRegistered;
import io.syntropic137.domain.organization.RepoEvent.RepoUpdated;
import io.syntropic137.domain.shared.Aggregate;
import io.syntropic137.domain.shared.AggregateType;
import io.syntropic137.domain.shared.Checks;
import io.syntropic137.domain.shared.Rejection;
import io.syntropic137.domain.shared.Result;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

import static io.syntropic137.domain.shared.Decisions.accept;
import static io.syntropic137.domain.shared.Decisions.reject;

/**
 * A repository registered in an organization. Its id is {@code organizationId/owner/name} in lower case
 * ({@link #idFor}), which makes "full name unique per organization" a property of the stream itself: a
 * second registration finds the first one's events (or loses the race at append) and is refused. A
 * deregistered repo can be registered again.
 */
public record Repo(String repoId, String organizationId, RepoProvider provider, String fullName, String defaultBranch,
                   String installationId, boolean privateRepo, LifecycleStatus status)
        implements Aggregate<Repo, RepoCommand, RepoEvent> {

    public static final Repo NONE = new Repo(null, null, null, null, null, null, false, LifecycleStatus.NONE);

    public static final AggregateType<Repo, RepoCommand, RepoEvent> TYPE = new AggregateType<>(
            "repo", NONE, Repo.class, RepoCommand.class, RepoEvent.class);

    private static final Pattern FULL_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._\\-]{0,99}/[A-Za-z0-9._\\-]{1,100}");
    private static final String AGGREGATE = "repo";

    /** The id of {@code fullName} within an organization; hosts treat names case-insensitively, so do we. */
    public static String idFor(String organizationId, String fullName) {
        return organizationId + "/" + (fullName == null ? "" : fullName.toLowerCase(Locale.ROOT));
    }

    @Override
    public Result<List<RepoEvent>, Rejection> decide(RepoCommand command) {
        if (command instanceof RegisterRepo c) {
            return register(c);
        }
        if (status == LifecycleStatus.NONE) {
            return reject(new Rejection.NotFound(AGGREGATE, command.repoId()));
        }
        if (status == LifecycleStatus.DELETED) {
            return reject(new Rejection.IllegalTransition(AGGREGATE, repoId, "DEREGISTERED",
                    command instanceof DeregisterRepo ? "deregister" : "update", "register it again first"));
        }
        return switch (command) {
            case RegisterRepo c -> throw new IllegalStateException("handled above");
            case UpdateRepo c -> update(c);
            case DeregisterRepo c -> accept(new RepoDeregistered(repoId, c.at()));
        };
    }

    private Result<List<RepoEvent>, Rejection> register(RegisterRepo c) {
        if (status == LifecycleStatus.ACTIVE) {
            return reject(new Rejection.AlreadyExists(AGGREGATE, fullName + " in organization " + organizationId));
        }
        Optional<Rejection> problem = Checks.firstProblem(
                Checks.id("organizationId", c.organizationId()),
                Checks.present("provider", c.provider()),
                c.fullName() != null && FULL_NAME.matcher(c.fullName()).matches() ? Optional.empty()
                        : Checks.problem("fullName", "'" + c.fullName() + "' is not of the form owner/name"),
                Checks.notBlank("defaultBranch", c.defaultBranch()),
                c.installationId() == null ? Optional.empty() : Checks.id("installationId", c.installationId()),
                Checks.present("at", c.at()));
        return problem.isPresent() ? reject(problem.get()) : accept(new RepoRegistered(c.repoId(), c.organizationId(),
                c.provider(), c.fullName(), c.defaultBranch(), c.installationId(), c.privateRepo(), c.at()));
    }

    private Result<List<RepoEvent>, Rejection> update(UpdateRepo c) {
        if (c.defaultBranch() != null && c.defaultBranch().isBlank()) {
            return reject(new Rejection.InvalidInput("defaultBranch", "must not be blank"));
        }
        if (c.installationId() != null) {
            Optional<Rejection> bad = Checks.id("installationId", c.installationId());
            if (bad.isPresent()) {
                return reject(bad.get());
            }
        }
        String branch = Objects.requireNonNullElse(c.defaultBranch(), defaultBranch);
        String installation = c.installationId() == null ? installationId : c.installationId();
        boolean isPrivate = c.privateRepo() == null ? privateRepo : c.privateRepo();
        if (branch.equals(defaultBranch) && Objects.equals(installation, installationId) && isPrivate == privateRepo) {
            return reject(new Rejection.RuleViolated("nothing-to-change", "repo '" + repoId + "' already has these values"));
        }
        return accept(new RepoUpdated(repoId, branch, installation, isPrivate, c.at()));
    }

    @Override
    public Repo evolve(RepoEvent event) {
        return switch (event) {
            case RepoRegistered e -> new Repo(e.repoId(), e.organizationId(), e.provider(), e.fullName(),
                    e.defaultBranch(), e.installationId(), e.privateRepo(), LifecycleStatus.ACTIVE);
            case RepoUpdated e -> new Repo(repoId, organizationId, provider, fullName, e.defaultBranch(),
                    e.installationId(), e.privateRepo(), status);
            case RepoDeregistered e -> new Repo(repoId, organizationId, provider, fullName, defaultBranch,
                    installationId, privateRepo, LifecycleStatus.DELETED);
        };
    }
}
