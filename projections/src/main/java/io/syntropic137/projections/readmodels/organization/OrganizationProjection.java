package io.syntropic137.projections.readmodels.organization;

import io.syntropic137.application.codec.EventCodec;
import io.syntropic137.application.codec.EventTypeRegistry;
import io.syntropic137.domain.organization.OrganizationEvent;
import io.syntropic137.domain.organization.RepoEvent;
import io.syntropic137.domain.organization.SystemEvent;
import io.syntropic137.domain.shared.DomainEvent;
import io.syntropic137.eventstore.EventFilter;
import io.syntropic137.eventstore.RecordedEvent;
import io.syntropic137.projections.ProjectionTables;
import io.syntropic137.projections.readmodels.organization.OrganizationTables.Org;
import io.syntropic137.projections.readmodels.organization.OrganizationTables.RepoRow;
import io.syntropic137.projections.readmodels.organization.OrganizationTables.SystemRow;
import io.syntropic137.projections.readmodels.support.DomainProjection;
import io.syntropic137.projections.readmodels.support.Rows;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Organization, system and repo lists. Three aggregate types feed it, so it selects its events by type: the
 * event store's filter takes one stream prefix, and reading the three prefixes as one ordered feed needs types.
 */
public final class OrganizationProjection extends DomainProjection {
    public static final String NAME = "organization";

    public OrganizationProjection(EventCodec codec) {
        super(codec, NAME, 1, new EventFilter(null, organizationTypes(codec)),
                List.of(OrganizationTables.ORGANIZATIONS, OrganizationTables.SYSTEMS, OrganizationTables.REPOS));
    }

    /** Organizations, systems and repos live in streams of three kinds, so this projection selects by event type. */
    private static Set<String> organizationTypes(EventCodec codec) {
        Set<String> names = new TreeSet<>();
        for (EventTypeRegistry.EventType type : codec.registry().all()) {
            if (OrganizationEvent.class.isAssignableFrom(type.javaType()) || SystemEvent.class.isAssignableFrom(type.javaType())
                    || RepoEvent.class.isAssignableFrom(type.javaType())) {
                names.add(type.name());
            }
        }
        return Set.copyOf(names);
    }

    @Override
    protected Fold begin(ProjectionTables tables, Connection c) {
        Rows<String, Org> orgs = OrganizationTables.ORGANIZATIONS.rows(tables, c);
        Rows<String, SystemRow> systems = OrganizationTables.SYSTEMS.rows(tables, c);
        Rows<String, RepoRow> repos = OrganizationTables.REPOS.rows(tables, c);
        return new Fold() {
            @Override
            public void apply(DomainEvent event, RecordedEvent recorded) throws SQLException {
                switch (event) {
                    case OrganizationEvent e -> organization(orgs, e, recorded);
                    case SystemEvent e -> system(systems, repos, e, recorded);
                    case RepoEvent e -> repo(repos, e, recorded);
                    default -> throw new IllegalStateException("the organization read model does not read " + recorded.type());
                }
            }

            @Override
            public void flush() throws SQLException {
                orgs.flush();
                systems.flush();
                repos.flush();
            }
        };
    }

    private static void organization(Rows<String, Org> orgs, OrganizationEvent event, RecordedEvent recorded) throws SQLException {
        if (event instanceof OrganizationEvent.OrganizationCreated e) {
            Org o = new Org();
            o.organizationId = e.organizationId();
            o.name = e.name();
            o.createdAt = e.at();
            o.updatedAt = e.at();
            orgs.put(o.organizationId, o);
            return;
        }
        Org o = existing(orgs, event.organizationId(), recorded);
        switch (event) {
            case OrganizationEvent.OrganizationCreated e -> throw new IllegalStateException("handled above");
            case OrganizationEvent.OrganizationUpdated e -> {
                o.name = e.name();
                o.updatedAt = e.at();
            }
            case OrganizationEvent.OrganizationDeleted e -> {
                o.deletedAt = e.at();
                o.updatedAt = e.at();
            }
        }
    }

    private static void system(Rows<String, SystemRow> systems, Rows<String, RepoRow> repos, SystemEvent event,
                               RecordedEvent recorded) throws SQLException {
        if (event instanceof SystemEvent.SystemCreated e) {
            SystemRow s = new SystemRow();
            s.systemId = e.systemId();
            s.organizationId = e.organizationId();
            s.name = e.name();
            s.description = e.description();
            s.createdAt = e.at();
            s.updatedAt = e.at();
            systems.put(s.systemId, s);
            return;
        }
        SystemRow s = existing(systems, event.systemId(), recorded);
        switch (event) {
            case SystemEvent.SystemCreated e -> throw new IllegalStateException("handled above");
            case SystemEvent.SystemUpdated e -> {
                s.name = e.name();
                s.description = e.description();
                s.updatedAt = e.at();
            }
            case SystemEvent.SystemDeleted e -> {
                s.deletedAt = e.at();
                s.updatedAt = e.at();
            }
            case SystemEvent.RepoAssignedToSystem e -> {
                // the repo may be registered later (events of different aggregates are not ordered by the domain)
                repos.find(e.repoId()).ifPresent(r -> {
                    r.systemId = e.systemId();
                    repos.put(r.repoId, r);
                });
                s.updatedAt = e.at();
            }
            case SystemEvent.RepoUnassignedFromSystem e -> {
                repos.find(e.repoId()).filter(r -> e.systemId().equals(r.systemId)).ifPresent(r -> {
                    r.systemId = null;
                    repos.put(r.repoId, r);
                });
                s.updatedAt = e.at();
            }
        }
    }

    private static void repo(Rows<String, RepoRow> repos, RepoEvent event, RecordedEvent recorded) throws SQLException {
        if (event instanceof RepoEvent.RepoRegistered e) {
            RepoRow r = new RepoRow();
            r.repoId = e.repoId();
            r.organizationId = e.organizationId();
            r.provider = e.provider();
            r.fullName = e.fullName();
            r.defaultBranch = e.defaultBranch();
            r.installationId = e.installationId();
            r.privateRepo = e.privateRepo();
            r.createdAt = e.at();
            r.updatedAt = e.at();
            repos.put(r.repoId, r);
            return;
        }
        RepoRow r = existing(repos, event.repoId(), recorded);
        switch (event) {
            case RepoEvent.RepoRegistered e -> throw new IllegalStateException("handled above");
            case RepoEvent.RepoUpdated e -> {
                r.defaultBranch = e.defaultBranch();
                r.installationId = e.installationId();
                r.privateRepo = e.privateRepo();
                r.updatedAt = e.at();
            }
            case RepoEvent.RepoDeregistered e -> {
                r.deletedAt = e.at();
                r.updatedAt = e.at();
            }
        }
    }

    private static <R> R existing(Rows<String, R> rows, String id, RecordedEvent recorded) throws SQLException {
        R row = rows.find(id).orElseThrow(() -> new IllegalStateException(
                recorded.streamId() + " has " + recorded.type() + " at " + recorded.position() + " before it was created"));
        rows.put(id, row);
        return row;
    }
}
