package io.syntropic137.projections.readmodels.artifacts;

import io.syntropic137.application.StreamIds;
import io.syntropic137.application.codec.EventCodec;
import io.syntropic137.domain.artifacts.Artifact;
import io.syntropic137.domain.artifacts.ArtifactEvent;
import io.syntropic137.domain.artifacts.ArtifactEvent.ArtifactCreated;
import io.syntropic137.domain.artifacts.ArtifactEvent.ArtifactDeleted;
import io.syntropic137.domain.artifacts.ArtifactEvent.ArtifactMetadataUpdated;
import io.syntropic137.domain.shared.DomainEvent;
import io.syntropic137.eventstore.EventFilter;
import io.syntropic137.eventstore.RecordedEvent;
import io.syntropic137.projections.ProjectionTables;
import io.syntropic137.projections.readmodels.support.DomainProjection;
import io.syntropic137.projections.readmodels.support.Rows;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** The artifact list, from artifact streams. */
public final class ArtifactsProjection extends DomainProjection {
    public static final String NAME = "artifacts";

    public ArtifactsProjection(EventCodec codec) {
        super(codec, NAME, 1, EventFilter.streamPrefix(StreamIds.prefix(Artifact.TYPE)), List.of(ArtifactTable.INSTANCE));
    }

    @Override
    protected Fold begin(ProjectionTables tables, Connection c) {
        Rows<String, ArtifactTable.Row> artifacts = ArtifactTable.INSTANCE.rows(tables, c);
        return new Fold() {
            @Override
            public void apply(DomainEvent domainEvent, RecordedEvent recorded) throws SQLException {
                ArtifactEvent event = (ArtifactEvent) domainEvent;
                if (event instanceof ArtifactCreated e) {
                    ArtifactTable.Row r = new ArtifactTable.Row();
                    r.artifactId = e.artifactId();
                    r.executionId = e.executionId();
                    r.phaseId = e.phaseId();
                    r.sessionId = e.sessionId();
                    r.type = e.type();
                    r.contentType = e.contentType();
                    r.title = e.title();
                    r.sizeBytes = e.sizeBytes();
                    r.sha256 = e.sha256();
                    r.storageUri = e.storageUri();
                    r.primaryDeliverable = e.primaryDeliverable();
                    r.derivedFrom = e.derivedFrom() == null ? List.of() : e.derivedFrom();
                    r.createdAt = e.at();
                    r.updatedAt = e.at();
                    artifacts.put(r.artifactId, r);
                    return;
                }
                ArtifactTable.Row r = artifacts.find(event.artifactId()).orElseThrow(() -> new IllegalStateException(
                        "artifact " + event.artifactId() + " has " + recorded.type() + " before it was created"));
                artifacts.put(r.artifactId, r);
                switch (event) {
                    case ArtifactCreated e -> throw new IllegalStateException("handled above");
                    case ArtifactMetadataUpdated e -> {
                        r.title = e.title();
                        r.type = e.type();
                        r.primaryDeliverable = e.primaryDeliverable();
                        r.updatedAt = e.at();
                    }
                    case ArtifactDeleted e -> {
                        r.deletedAt = e.at();
                        r.deleteReason = e.reason();
                        r.updatedAt = e.at();
                    }
                }
            }

            @Override
            public void flush() throws SQLException {
                artifacts.flush();
            }
        };
    }
}
