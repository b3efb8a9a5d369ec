package io.syntropic137.domain.artifacts;

import io.syntropic137.domain.shared.Command;

import java.time.Instant;
import java.util.List;

/** Commands to an {@link Artifact}. The content itself is in the content store; commands carry its address. */
public sealed interface ArtifactCommand extends Command {

    String artifactId();

    @Override
    default String aggregateId() {
        return artifactId();
    }

    record CreateArtifact(String artifactId, String executionId, String phaseId, String sessionId, ArtifactType type,
                          String contentType, String title, long sizeBytes, String sha256, String storageUri,
                          boolean primaryDeliverable, List<String> derivedFrom, Instant at)
            implements ArtifactCommand {
    }

    /** A null field keeps its current value. */
    record UpdateArtifactMetadata(String artifactId, String title, ArtifactType type, Boolean primaryDeliverable,
                                  Instant at) implements ArtifactCommand {
    }

    /** Soft delete: the artifact stays in history and lineage. */
    record DeleteArtifact(String artifactId, String reason, Instant at) implements ArtifactCommand {
    }
}
