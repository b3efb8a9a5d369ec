package io.syntropic137.domain.organization;

import io.syntropic137.domain.organization.OrganizationCommand.CreateOrganization;
import io.syntropic137.domain.organization.OrganizationCommand.DeleteOrganization;
import io.syntropic137.domain.organization.OrganizationCommand.UpdateOrganization;
import io.syntropic137.domain.organization.OrganizationEvent.OrganizationCreated;
import io.syntropic137.domain.organization.OrganizationEvent.OrganizationDeleted;
import io.syntropic137.domain.organization.OrganizationEvent.OrganizationUpdated;
import io.syntropic137.domain.shared.Aggregate;
import io.syntropic137.domain.shared.AggregateType;
import io.syntropic137.domain.shared.Checks;
import io.syntropic137.domain.shared.Rejection;
import io.syntropic137.domain.shared.Result;

import java.util.List;
import java.util.Optional;

import static io.syntropic137.domain.shared.Decisions.accept;
import static io.syntropic137.domain.shared.Decisions.reject;

/** A team that owns repos, systems and workflows. */
public record Organization(String organizationId, String name, LifecycleStatus status)
        implements Aggregate<Organization, OrganizationCommand, OrganizationEvent> {

    public static final Organization NONE = new Organization(null, null, LifecycleStatus.NONE);

    public static final AggregateType<Organization, OrganizationCommand, OrganizationEvent> TYPE = new AggregateType<>(
            "organization", NONE, Organization.class, OrganizationCommand.class, OrganizationEvent.class);

    private static final String AGGREGATE = "organization";

    @Override
    public Result<List<OrganizationEvent>, Rejection> decide(OrganizationCommand command) {
        if (command instanceof CreateOrganization c) {
            if (status != LifecycleStatus.NONE) {
                return reject(new Rejection.AlreadyExists(AGGREGATE, c.organizationId()));
            }
            Optional<Rejection> problem = Checks.firstProblem(Checks.id("organizationId", c.organizationId()),
                    Checks.notBlank("name", c.name()), Checks.present("at", c.at()));
            return problem.isPresent() ? reject(problem.get())
                    : accept(new OrganizationCreated(c.organizationId(), c.name().strip(), c.at()));
        }
        if (status == LifecycleStatus.NONE) {
            return reject(new Rejection.NotFound(AGGREGATE, command.organizationId()));
        }
        if (status == LifecycleStatus.DELETED) {
            return reject(new Rejection.IllegalTransition(AGGREGATE, organizationId, "DELETED",
                    command instanceof DeleteOrganization ? "delete" : "update", "it has been deleted"));
        }
        return switch (command) {
            case CreateOrganization c -> throw new IllegalStateException("handled above");
            case UpdateOrganization c -> {
                if (c.name() == null || c.name().isBlank()) {
                    yield reject(new Rejection.InvalidInput("name", "must not be blank"));
                }
                yield c.name().strip().equals(name)
                        ? reject(new Rejection.RuleViolated("nothing-to-change", "organization '" + organizationId
                        + "' is already named '" + name + "'"))
                        : accept(new OrganizationUpdated(organizationId, c.name().strip(), c.at()));
            }
            case DeleteOrganization c -> accept(new OrganizationDeleted(organizationId, c.at()));
        };
    }

    @Override
    public Organization evolve(OrganizationEvent event) {
        return switch (event) {
            case OrganizationCreated e -> new Organization(e.organizationId(), e.name(), LifecycleStatus.ACTIVE);
            case OrganizationUpdated e -> new Organization(organizationId, e.name(), status);
            case OrganizationDeleted e -> new Organization(organizationId, name, LifecycleStatus.DELETED);
        };
    }
}
