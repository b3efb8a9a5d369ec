package io.syntropic137.domain.organization;

import io.syntropic137.domain.shared.DomainEvent;

import java.time.Instant;

/** Events of an {@link Organization}. */
public sealed interface OrganizationEvent extends DomainEvent {

    String organizationId();

    record OrganizationCreated(String organizationId, String name, Instant at) implements OrganizationEvent {
    }

    record OrganizationUpdated(String organizationId, String name, Instant at) implements OrganizationEvent {
    }

    record OrganizationDeleted(String organizationId, Instant at) implements OrganizationEvent {
    }
}
