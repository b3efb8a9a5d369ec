package io.syntropic137.domain.github;

import io.syntropic137.domain.shared.DomainEvent;

import java.time.Instant;
import java.util.List;

/** Events of an {@link Installation}. */
public sealed interface InstallationEvent extends DomainEvent {

    String installationId();

    record InstallationCreated(String installationId, String account, List<String> repos, Instant at)
            implements InstallationEvent {
    }

    record InstallationSuspended(String installationId, Instant at) implements InstallationEvent {
    }

    record InstallationUnsuspended(String installationId, Instant at) implements InstallationEvent {
    }

    record InstallationRevoked(String installationId, Instant at) implements InstallationEvent {
    }

    record InstallationReposChanged(String installationId, List<String> added, List<String> removed, Instant at)
            implements InstallationEvent {
    }
}
