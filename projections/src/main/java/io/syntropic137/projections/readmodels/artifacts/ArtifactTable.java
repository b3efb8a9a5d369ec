package io.syntropic137.projections.readmodels.artifacts;

import com.fasterxml.jackson.core.type.TypeReference;
import io.syntropic137.domain.artifacts.ArtifactType;
import io.syntropic137.projections.readmodels.support.Binder;
import io.syntropic137.projections.readmodels.support.CachedReads;
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

/** {@code artifact}: one row per artifact; a deleted one keeps its row, marked, so history stays explainable. */
final class ArtifactTable extends RowTable<String, ArtifactTable.Row> {
    static final ArtifactTable INSTANCE = new ArtifactTable();
    static final String NAME = "artifact";

    static final class Row {
        String artifactId;
        String executionId;
        String phaseId;
        String sessionId;
        ArtifactType type;
        String contentType;
        String title;
        long sizeBytes;
        String sha256;
        String storageUri;
        boolean primaryDeliverable;
        List<String> derivedFrom;
        Instant createdAt;
        Instant updatedAt;
        Instant deletedAt;
        String deleteReason;
    }

    private ArtifactTable() {
        super(NAME, Column.of(text("artifact_id"), optionalText("execution_id"), optionalText("phase_id"),
                optionalText("session_id"), text("type"), optionalText("content_type"), optionalText("title"),
                number("size_bytes"), optionalText("sha256"), optionalText("storage_uri"), number("primary_deliverable"),
                text("derived_from"), number("created_at"), number("updated_at"), optionalNumber("deleted_at"),
                optionalText("delete_reason")), 1, List.of(List.of("execution_id", "created_at"), List.of("created_at")));
    }

    @Override
    protected void bindKey(Binder b, String key) throws SQLException {
        b.text(key);
    }

    @Override
    protected void bindRow(Binder b, Row r) throws SQLException {
        b.text(r.artifactId).text(r.executionId).text(r.phaseId).text(r.sessionId).name(r.type).text(r.contentType)
                .text(r.title).number(r.sizeBytes).text(r.sha256).text(r.storageUri).bool(r.primaryDeliverable)
                .text(CachedReads.json(r.derivedFrom)).instant(r.createdAt).instant(r.updatedAt).instant(r.deletedAt)
                .text(r.deleteReason);
    }

    @Override
    protected Row read(RowReader in) throws SQLException {
        Row r = new Row();
        r.artifactId = in.text();
        r.executionId = in.text();
        r.phaseId = in.text();
        r.sessionId = in.text();
        r.type = in.name(ArtifactType.class);
        r.contentType = in.text();
        r.title = in.text();
        r.sizeBytes = in.number();
        r.sha256 = in.text();
        r.storageUri = in.text();
        r.primaryDeliverable = in.bool();
        r.derivedFrom = CachedReads.fromJson(in.text(), new TypeReference<List<String>>() {
        });
        r.createdAt = in.instant();
        r.updatedAt = in.instant();
        r.deletedAt = in.instant();
        r.deleteReason = in.text();
        return r;
    }
}
