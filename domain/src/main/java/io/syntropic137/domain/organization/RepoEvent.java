package io.syntropic137.domain.organization;

import io.syntropic137.domain.shared.DomainEvent;

import java.time.Instant;

/** Events of a {@link Repo}. */
public sealed interface RepoEvent extends DomainEvent {

    String repoId();

    record RepoRegistered(String repoId, String organizationId, RepoProvider provider, String fullName,
                          String defaultBranch, String installationId, boolean privateRepo, Instant at)
            implements RepoEvent {
    }

    record RepoUpdated(String repoId, String defaultBranch, String installationId, boolean privateRepo, Instant at)
            implements RepoEvent {
    }

    record RepoDeregistered(String repoId, Instant at) implements RepoEvent {
    }
}
