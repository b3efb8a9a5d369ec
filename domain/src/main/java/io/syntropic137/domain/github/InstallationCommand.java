package io.syntropic137.domain.github;

import io.syntropic137.domain.shared.Command;

import java.time.Instant;
import java.util.List;

/** Commands to an {@link Installation}, usually translated from GitHub's installation webhooks. */
public sealed interface InstallationCommand extends Command {

    String installationId();

    @Override
    default String aggregateId() {
        return installationId();
    }

    record RecordInstallation(String installationId, String account, List<String> repos, Instant at)
            implements InstallationCommand {
    }

    record SuspendInstallation(String installationId, Instant at) implements InstallationCommand {
    }

    record UnsuspendInstallation(String installationId, Instant at) implements InstallationCommand {
    }

    record RevokeInstallation(String installationId, Instant at) implements InstallationCommand {
    }

    record ChangeInstallationRepos(String installationId, List<String> added, List<String> removed, Instant at)
            implements InstallationCommand {
    }
}
