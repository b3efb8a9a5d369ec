package io.syntropic137.domain.artifacts;

import io.syntropic137.domain.artifacts.ArtifactCommand.CreateArtifact;
import io.syntropic137.domain.artifacts.ArtifactCommand.DeleteArtifact;
import io.syntropic137.domain.artifacts.ArtifactCommand.UpdateArtifactMetadata;
import io.syntropic137.domain.artifacts.ArtifactEvent.ArtifactCreated;
import io.syntropic137.domain.artifacts.ArtifactEvent.ArtifactDeleted;
import io.syntropic137.domain.artifacts.ArtifactEvent.ArtifactMetadataUpdated;
import io.syntropic137.domain.shared.Aggregate;
import io.syntropic137.domain.shared.AggregateType;
import io.syntropic137.domain.shared.Checks;
import io.syntropic137.domain.shared.Rejection;
import io.syntropic137.domain.shared.Result;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import static io.syntropic137.domain.shared.Decisions.accept;
import static io.syntropic137.domain.shared.Decisions.reject;

/** A deliverable of a phase: metadata, content hash and where the content is stored. */
public record Artifact(String artifactId, String executionId, String phaseId, String sessionId, ArtifactType type,
                       String contentType, String title, long sizeBytes, String sha256, String storageUri,
                       boolean primaryDeliverable, List<String> derivedFrom, boolean exists, boolean deleted)
        implements Aggregate<Artifact, ArtifactCommand, ArtifactEvent> {

    public static final Artifact NONE = new Artifact(null, null, null, null, null, null, null, 0, null, null, false,
            List.of(), false, false);

    public static final AggregateType<Artifact, ArtifactCommand, ArtifactEvent> TYPE = new AggregateType<>(
            "artifact", NONE, Artifact.class, ArtifactCommand.class, ArtifactEvent.class);

    private static final String AGGREGATE = "artifact";

    public Artifact {
        derivedFrom = List.copyOf(derivedFrom);
    }

    @Override
    public Result<List<ArtifactEvent>, Rejection> decide(ArtifactCommand command) {
        if (command instanceof CreateArtifact c) {
            return create(c);
        }
        if (!exists) {
            return reject(new Rejection.NotFound(AGGREGATE, command.artifactId()));
        }
        if (deleted) {
            return reject(new Rejection.IllegalTransition(AGGREGATE, artifactId, "DELETED",
                    command instanceof DeleteArtifact ? "delete" : "update", "it has been deleted"));
        }
        return switch (command) {
            case CreateArtifact c -> throw new IllegalStateException("handled above");
            case UpdateArtifactMetadata c -> update(c);
            case DeleteArtifact c -> accept(new ArtifactDeleted(artifactId, c.reason(), c.at()));
        };
    }

    private Result<List<ArtifactEvent>, Rejection> create(CreateArtifact c) {
        if (exists) {
            return reject(new Rejection.AlreadyExists(AGGREGATE, c.artifactId()));
        }
        List<String> lineage = c.derivedFrom() == null ? List.of() : c.derivedFrom();
        Optional<Rejection> problem = Checks.firstProblem(
                Checks.id("artifactId", c.artifactId()),
                Checks.id("executionId", c.executionId()),
                Checks.id("phaseId", c.phaseId()),
                c.sessionId() == null ? Optional.empty() : Checks.id("sessionId", c.sessionId()),
                Checks.present("type", c.type()),
                Checks.notBlank("contentType", c.contentType()),
                Checks.notBlank("title", c.title()),
                c.sizeBytes() > 0 ? Optional.empty() : Checks.problem("sizeBytes", "an artifact must not be empty"),
                Checks.sha256("sha256", c.sha256()),
                Checks.notBlank("storageUri", c.storageUri()),
                Checks.present("at", c.at()),
                Checks.unique("derivedFrom", lineage, id -> id),
                lineage.contains(c.artifactId()) ? Checks.problem("derivedFrom", "an artifact cannot derive from itself")
                        : Optional.empty());
        return problem.isPresent() ? reject(problem.get()) : accept(new ArtifactCreated(c.artifactId(),
                c.executionId(), c.phaseId(), c.sessionId(), c.type(), c.contentType(), c.title(), c.sizeBytes(),
                c.sha256(), c.storageUri(), c.primaryDeliverable(), List.copyOf(lineage), c.at()));
    }

    private Result<List<ArtifactEvent>, Rejection> update(UpdateArtifactMetadata c) {
        if (c.title() != null && c.title().isBlank()) {
            return reject(new Rejection.InvalidInput("title", "must not be blank"));
        }
        String newTitle = Objects.requireNonNullElse(c.title(), title);
        ArtifactType newType = Objects.requireNonNullElse(c.type(), type);
        boolean primary = c.primaryDeliverable() == null ? primaryDeliverable : c.primaryDeliverable();
        if (newTitle.equals(title) && newType == type && primary == primaryDeliverable) {
            return reject(new Rejection.RuleViolated("nothing-to-change", "artifact '" + artifactId + "' already has this metadata"));
        }
        return accept(new ArtifactMetadataUpdated(artifactId, newTitle, newType, primary, c.at()));
    }

    @Override
    public Artifact evolve(ArtifactEvent event) {
        return switch (event) {
            case ArtifactCreated e -> new Artifact(e.artifactId(), e.executionId(), e.phaseId(), e.sessionId(),
                    e.type(), e.contentType(), e.title(), e.sizeBytes(), e.sha256(), e.storageUri(),
                    e.primaryDeliverable(), e.derivedFrom(), true, false);
            case ArtifactMetadataUpdated e -> new Artifact(artifactId, executionId, phaseId, sessionId, e.type(),
                    contentType, e.title(), sizeBytes, sha256, storageUri, e.primaryDeliverable(), derivedFrom, true,
                    false);
            case ArtifactDeleted e -> new Artifact(artifactId, executionId, phaseId, sessionId, type, contentType,
                    title, sizeBytes, sha256, storageUri, primaryDeliverable, derivedFrom, true, true);
        };
    }
}
