package io.syntropic137.domain.artifacts;

import io.syntropic137.domain.shared.DomainEvent;

import java.time.Instant;
import java.util.List;

/** Events of an {@link Artifact}. */
public sealed interface ArtifactEvent extends DomainEvent {

    String artifactId();

    record ArtifactCreated(String artifactId, String executionId, String phaseId, String sessionId, ArtifactType type,
                           String contentType, String title, long sizeBytes, String sha256, String storageUri,
                           boolean primaryDeliverable, List<String> derivedFrom, Instant at) implements ArtifactEvent {
    }

    /** The metadata's new values in full. */
    record ArtifactMetadataUpdated(String artifactId, String title, ArtifactType type, boolean primaryDeliverable,
                                   Instant at) implements ArtifactEvent {
    }

    record ArtifactDeleted(String artifactId, String reason, Instant at) implements ArtifactEvent {
    }
}
