package io.syntropic137.domain.organization;

import io.syntropic137.domain.shared.Command;

import java.time.Instant;

/** Commands to an {@link Organization}. */
public sealed interface OrganizationCommand extends Command {

    String organizationId();

    @Override
    default String aggregateId() {
        return organizationId();
    }

    record CreateOrganization(String organizationId, String name, Instant at) implements OrganizationCommand {
    }

    record UpdateOrganization(String organizationId, String name, Instant at) implements OrganizationCommand {
    }

    record DeleteOrganization(String organizationId, Instant at) implements OrganizationCommand {
    }
}
