package io.syntropic137.domain.organization;

import io.syntropic137.domain.shared.Command;

import java.time.Instant;

/** Commands to a {@link Repo}. */
public sealed interface RepoCommand extends Command {

    String repoId();

    @Override
    default String aggregateId() {
        return repoId();
    }

    /**
     * Registers {@code fullName} in an organization. The repo id is derived from both, so two registrations
     * of the same name address the same stream and the event store's version check lets only one win.
     */
    record RegisterRepo(String organizationId, RepoProvider provider, String fullName, String defaultBranch,
                        String installationId, boolean privateRepo, Instant at) implements RepoCommand {
        @Override
        public String repoId() {
            return Repo.idFor(organizationId, fullName);
        }
    }

    /** A null field keeps its current value. */
    record UpdateRepo(String repoId, String defaultBranch, String installationId, Boolean privateRepo, Instant at)
            implements RepoCommand {
    }

    record DeregisterRepo(String repoId, Instant at) implements RepoCommand {
    }
}
