package io.syntropic137.projections.readmodels.organization;

import io.syntropic137.domain.organization.RepoProvider;
import io.syntropic137.projections.readmodels.support.Binder;
import io.syntropic137.projections.readmodels.support.Column;
import io.syntropic137.projections.readmodels.support.RowReader;
import io.syntropic137.projections.readmodels.support.RowTable;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

import static io.syntropic137.projections.readmodels.support.Column.number;
import static io.syntropic137.projections.readmodels.support.Column.optionalNumber;
import static io.syntropic137.projections.readmodels.support.Column.optionalText;
import static io.syntropic137.projections.readmodels.support.Column.text;

/** The organization, system and repo tables; deleted entities keep their row with {@code deleted_at} set. */
final class OrganizationTables {

    static final class Org {
        String organizationId;
        String name;
        Instant createdAt;
        Instant updatedAt;
        Instant deletedAt;
    }

    static final class SystemRow {
        String systemId;
        String organizationId;
        String name;
        String description;
        Instant createdAt;
        Instant updatedAt;
        Instant deletedAt;
    }

    static final class RepoRow {
        String repoId;
        String organizationId;
        RepoProvider provider;
        String fullName;
        String defaultBranch;
        String installationId;
        boolean privateRepo;
        String systemId;
        Instant createdAt;
        Instant updatedAt;
        Instant deletedAt;
    }

    static final RowTable<String, Org> ORGANIZATIONS = new RowTable<>("organization", Column.of(text("organization_id"),
            text("name"), number("created_at"), number("updated_at"), optionalNumber("deleted_at")), 1, List.of()) {
        @Override
        protected void bindKey(Binder b, String key) throws SQLException {
            b.text(key);
        }

        @Override
        protected void bindRow(Binder b, Org r) throws SQLException {
            b.text(r.organizationId).text(r.name).instant(r.createdAt).instant(r.updatedAt).instant(r.deletedAt);
        }

        @Override
        protected Org read(RowReader in) throws SQLException {
            Org r = new Org();
            r.organizationId = in.text();
            r.name = in.text();
            r.createdAt = in.instant();
            r.updatedAt = in.instant();
            r.deletedAt = in.instant();
            return r;
        }
    };

    static final RowTable<String, SystemRow> SYSTEMS = new RowTable<>("repo_system", Column.of(text("system_id"),
            text("organization_id"), text("name"), optionalText("description"), number("created_at"), number("updated_at"),
            optionalNumber("deleted_at")), 1, List.of(List.of("organization_id", "name"))) {
        @Override
        protected void bindKey(Binder b, String key) throws SQLException {
            b.text(key);
        }

        @Override
        protected void bindRow(Binder b, SystemRow r) throws SQLException {
            b.text(r.systemId).text(r.organizationId).text(r.name).text(r.description).instant(r.createdAt)
                    .instant(r.updatedAt).instant(r.deletedAt);
        }

        @Override
        protected SystemRow read(RowReader in) throws SQLException {
            SystemRow r = new SystemRow();
            r.systemId = in.text();
            r.organizationId = in.text();
            r.name = in.text();
            r.description = in.text();
            r.createdAt = in.instant();
            r.updatedAt = in.instant();
            r.deletedAt = in.instant();
            return r;
        }
    };

    static final RowTable<String, RepoRow> REPOS = new RowTable<>("repo", Column.of(text("repo_id"), text("organization_id"),
            text("provider"), text("full_name"), optionalText("default_branch"), optionalText("installation_id"),
            number("private_repo"), optionalText("system_id"), number("created_at"), number("updated_at"),
            optionalNumber("deleted_at")), 1, List.of(List.of("organization_id", "full_name"), List.of("system_id"))) {
        @Override
        protected void bindKey(Binder b, String key) throws SQLException {
            b.text(key);
        }

        @Override
        protected void bindRow(Binder b, RepoRow r) throws SQLException {
            b.text(r.repoId).text(r.organizationId).name(r.provider).text(r.fullName).text(r.defaultBranch)
                    .text(r.installationId).bool(r.privateRepo).text(r.systemId).instant(r.createdAt).instant(r.updatedAt)
                    .instant(r.deletedAt);
        }

        @Override
        protected RepoRow read(RowReader in) throws SQLException {
            RepoRow r = new RepoRow();
            r.repoId = in.text();
            r.organizationId = in.text();
            r.provider = in.name(RepoProvider.class);
            r.fullName = in.text();
            r.defaultBranch = in.text();
            r.installationId = in.text();
            r.privateRepo = in.bool();
            r.systemId = in.text();
            r.createdAt = in.instant();
            r.updatedAt = in.instant();
            r.deletedAt = in.instant();
            return r;
        }
    };

    private OrganizationTables() {
    }
}
