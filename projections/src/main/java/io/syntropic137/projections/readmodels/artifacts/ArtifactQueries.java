package io.syntropic137.projections.readmodels.artifacts;

import com.fasterxml.jackson.core.type.TypeReference;
import io.syntropic137.domain.artifacts.ArtifactType;
import io.syntropic137.projections.readmodels.support.Binder;
import io.syntropic137.projections.readmodels.support.CachedReads;
import io.syntropic137.projections.readmodels.support.Page;
import io.syntropic137.projections.readmodels.support.PageRequest;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Artifact list (by execution, phase, type; deleted ones only on request; newest first) and one artifact. */
public final class ArtifactQueries {
    public record Filter(String executionId, String phaseId, ArtifactType type, boolean includeDeleted) {
        public static final Filter ALL = new Filter(null, null, null, false);
    }

    public record ArtifactView(String artifactId, String executionId, String phaseId, String sessionId, ArtifactType type,
                               String contentType, String title, long sizeBytes, String sha256, String storageUri,
                               boolean primaryDeliverable, List<String> derivedFrom, Instant createdAt, Instant updatedAt,
                               Instant deletedAt, String deleteReason) {
        static ArtifactView of(ArtifactTable.Row r) {
            return new ArtifactView(r.artifactId, r.executionId, r.phaseId, r.sessionId, r.type, r.contentType, r.title,
                    r.sizeBytes, r.sha256, r.storageUri, r.primaryDeliverable, r.derivedFrom, r.createdAt, r.updatedAt,
                    r.deletedAt, r.deleteReason);
        }
    }

    private static final String NAME = ArtifactsProjection.NAME;
    private final CachedReads reads;

    public ArtifactQueries(CachedReads reads) {
        this.reads = reads;
    }

    public Page<ArtifactView> list(Filter filter, PageRequest page) {
        return reads.get(NAME, "list/" + filter + "/" + page.cacheKey(), new TypeReference<Page<ArtifactView>>() {
        }, (tables, c) -> {
            StringBuilder sql = new StringBuilder("SELECT " + ArtifactTable.INSTANCE.columnList() + " FROM "
                    + tables.of(ArtifactTable.NAME) + " WHERE 1 = 1");
            if (filter.executionId() != null) {
                sql.append(" AND execution_id = ?");
            }
            if (filter.phaseId() != null) {
                sql.append(" AND phase_id = ?");
            }
            if (filter.type() != null) {
                sql.append(" AND type = ?");
            }
            if (!filter.includeDeleted()) {
                sql.append(" AND deleted_at IS NULL");
            }
            sql.append(" ORDER BY created_at DESC, artifact_id DESC LIMIT ? OFFSET ?");
            try (PreparedStatement s = c.prepareStatement(sql.toString())) {
                Binder b = new Binder(s);
                if (filter.executionId() != null) {
                    b.text(filter.executionId());
                }
                if (filter.phaseId() != null) {
                    b.text(filter.phaseId());
                }
                if (filter.type() != null) {
                    b.name(filter.type());
                }
                b.number(page.limit() + 1L).number(page.offset());
                List<ArtifactView> rows = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        rows.add(ArtifactView.of(ArtifactTable.INSTANCE.readRow(rs)));
                    }
                }
                return Page.fromOffset(rows, page);
            }
        });
    }

    public Optional<ArtifactView> get(String artifactId) {
        return Optional.ofNullable(reads.get(NAME, "get/" + artifactId, new TypeReference<ArtifactView>() {
        }, (tables, c) -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + ArtifactTable.INSTANCE.columnList() + " FROM "
                    + tables.of(ArtifactTable.NAME) + " WHERE artifact_id = ?")) {
                s.setString(1, artifactId);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? ArtifactView.of(ArtifactTable.INSTANCE.readRow(rs)) : null;
                }
            }
        }));
    }

    /** Ids starting with {@code prefix}, in order, at most {@code limit} (short ids users type). */
    public List<String> idsStartingWith(String prefix, int limit) {
        return io.syntropic137.projections.readmodels.support.IdPrefixes.find(reads, ArtifactsProjection.NAME, ArtifactTable.NAME, "artifact_id", prefix, limit);
    }
}
