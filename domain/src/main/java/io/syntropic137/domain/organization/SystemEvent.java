package io.syntropic137.domain.organization;

import io.syntropic137.domain.shared.DomainEvent;

import java.time.Instant;

/** Events of a {@link RepoSystem}. */
public sealed interface SystemEvent extends DomainEvent {

    String systemId();

    record SystemCreated(String systemId, String organizationId, String name, String description, Instant at)
            implements SystemEvent {
    }

    record SystemUpdated(String systemId, String name, String description, Instant at) implements SystemEvent {
    }

    record SystemDeleted(String systemId, Instant at) implements SystemEvent {
    }

    record RepoAssignedToSystem(String systemId, String repoId, Instant at) implements SystemEvent {
    }

    record RepoUnassignedFromSystem(String systemId, String repoId, Instant at) implements SystemEvent {
    }
}
