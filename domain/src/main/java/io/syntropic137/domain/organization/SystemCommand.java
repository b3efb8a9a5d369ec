package io.syntropic137.domain.organization;

import io.syntropic137.domain.shared.Command;

import java.time.Instant;

/** Commands to a {@link RepoSystem}. */
public sealed interface SystemCommand extends Command {

    String systemId();

    @Override
    default String aggregateId() {
        return systemId();
    }

    record CreateSystem(String systemId, String organizationId, String name, String description, Instant at)
            implements SystemCommand {
    }

    /** A null field keeps its current value. */
    record UpdateSystem(String systemId, String name, String description, Instant at) implements SystemCommand {
    }

    record DeleteSystem(String systemId, Instant at) implements SystemCommand {
    }

    record AssignRepoToSystem(String systemId, String repoId, Instant at) implements SystemCommand {
    }

    record UnassignRepoFromSystem(String systemId, String repoId, Instant at) implements SystemCommand {
    }
}
