package io.syntropic137.projections.readmodels.organization;

import com.fasterxml.jackson.core.type.TypeReference;
import io.syntropic137.domain.organization.RepoProvider;
import io.syntropic137.projections.ProjectionTables;
import io.syntropic137.projections.readmodels.support.Binder;
import io.syntropic137.projections.readmodels.support.CachedReads;
import io.syntropic137.projections.readmodels.support.Page;
import io.syntropic137.projections.readmodels.support.PageRequest;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Organization, system and repo lists, by name; deleted entries only when asked for. */
public final class OrganizationQueries {
    public record OrganizationView(String organizationId, String name, long systems, long repos, Instant createdAt,
                                   Instant deletedAt) {
    }

    public record SystemView(String systemId, String organizationId, String name, String description, long repos,
                             Instant createdAt, Instant deletedAt) {
    }

    public record RepoView(String repoId, String organizationId, RepoProvider provider, String fullName,
                           String defaultBranch, String installationId, boolean privateRepo, String systemId,
                           Instant createdAt, Instant deregisteredAt) {
    }

    /** A null field does not filter. */
    public record RepoFilter(String organizationId, String systemId, RepoProvider provider, boolean includeDeregistered) {
        public static final RepoFilter ALL = new RepoFilter(null, null, null, false);
    }

    private static final String NAME = OrganizationProjection.NAME;
    private final CachedReads reads;

    public OrganizationQueries(CachedReads reads) {
        this.reads = reads;
    }

    public Page<OrganizationView> organizations(boolean includeDeleted, PageRequest page) {
        return reads.get(NAME, "orgs/" + includeDeleted + "/" + page.cacheKey(), new TypeReference<Page<OrganizationView>>() {
        }, (t, c) -> {
            String sql = "SELECT o.organization_id, o.name, "
                    + "(SELECT count(*) FROM " + systems(t) + " s WHERE s.organization_id = o.organization_id AND s.deleted_at IS NULL), "
                    + "(SELECT count(*) FROM " + repos(t) + " r WHERE r.organization_id = o.organization_id AND r.deleted_at IS NULL), "
                    + "o.created_at, o.deleted_at FROM " + t.of(OrganizationTables.ORGANIZATIONS.logicalName()) + " o"
                    + (includeDeleted ? "" : " WHERE o.deleted_at IS NULL")
                    + " ORDER BY o.name, o.organization_id LIMIT ? OFFSET ?";
            try (PreparedStatement s = c.prepareStatement(sql)) {
                new Binder(s).number(page.limit() + 1L).number(page.offset());
                List<OrganizationView> rows = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new OrganizationView(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
                                instant(rs, 5), instant(rs, 6)));
                    }
                }
                return Page.fromOffset(rows, page);
            }
        });
    }

    public Page<SystemView> systems(String organizationId, boolean includeDeleted, PageRequest page) {
        return reads.get(NAME, "systems/" + organizationId + "/" + includeDeleted + "/" + page.cacheKey(),
                new TypeReference<Page<SystemView>>() {
                }, (t, c) -> {
                    String sql = "SELECT s.system_id, s.organization_id, s.name, s.description, "
                            + "(SELECT count(*) FROM " + repos(t) + " r WHERE r.system_id = s.system_id AND r.deleted_at IS NULL), "
                            + "s.created_at, s.deleted_at FROM " + systems(t) + " s WHERE 1 = 1"
                            + (organizationId == null ? "" : " AND s.organization_id = ?")
                            + (includeDeleted ? "" : " AND s.deleted_at IS NULL")
                            + " ORDER BY s.name, s.system_id LIMIT ? OFFSET ?";
                    try (PreparedStatement s = c.prepareStatement(sql)) {
                        Binder b = new Binder(s);
                        if (organizationId != null) {
                            b.text(organizationId);
                        }
                        b.number(page.limit() + 1L).number(page.offset());
                        List<SystemView> rows = new ArrayList<>();
                        try (ResultSet rs = s.executeQuery()) {
                            while (rs.next()) {
                                rows.add(new SystemView(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                        rs.getLong(5), instant(rs, 6), instant(rs, 7)));
                            }
                        }
                        return Page.fromOffset(rows, page);
                    }
                });
    }

    public Page<RepoView> repos(RepoFilter filter, PageRequest page) {
        return reads.get(NAME, "repos/" + filter + "/" + page.cacheKey(), new TypeReference<Page<RepoView>>() {
        }, (t, c) -> {
            StringBuilder sql = new StringBuilder("SELECT " + OrganizationTables.REPOS.columnList() + " FROM " + repos(t)
                    + " WHERE 1 = 1");
            if (filter.organizationId() != null) {
                sql.append(" AND organization_id = ?");
            }
            if (filter.systemId() != null) {
                sql.append(" AND system_id = ?");
            }
            if (filter.provider() != null) {
                sql.append(" AND provider = ?");
            }
            if (!filter.includeDeregistered()) {
                sql.append(" AND deleted_at IS NULL");
            }
            sql.append(" ORDER BY full_name, repo_id LIMIT ? OFFSET ?");
            try (PreparedStatement s = c.prepareStatement(sql.toString())) {
                Binder b = new Binder(s);
                if (filter.organizationId() != null) {
                    b.text(filter.organizationId());
                }
                if (filter.systemId() != null) {
                    b.text(filter.systemId());
                }
                if (filter.provider() != null) {
                    b.name(filter.provider());
                }
                b.number(page.limit() + 1L).number(page.offset());
                List<RepoView> rows = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        OrganizationTables.RepoRow r = OrganizationTables.REPOS.readRow(rs);
                        rows.add(new RepoView(r.repoId, r.organizationId, r.provider, r.fullName, r.defaultBranch,
                                r.installationId, r.privateRepo, r.systemId, r.createdAt, r.deletedAt));
                    }
                }
                return Page.fromOffset(rows, page);
            }
        });
    }

    private static String systems(ProjectionTables t) {
        return t.of(OrganizationTables.SYSTEMS.logicalName());
    }

    private static String repos(ProjectionTables t) {
        return t.of(OrganizationTables.REPOS.logicalName());
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
    }
}
