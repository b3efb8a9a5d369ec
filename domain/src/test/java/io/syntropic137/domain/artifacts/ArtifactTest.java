package io.syntropic137.domain.artifacts;

import io.syntropic137.domain.artifacts.ArtifactCommand.CreateArtifact;
import io.syntropic137.domain.artifacts.ArtifactCommand.DeleteArtifact;
import io.syntropic137.domain.artifacts.ArtifactCommand.UpdateArtifactMetadata;
import io.syntropic137.domain.artifacts.ArtifactEvent.ArtifactCreated;
import io.syntropic137.domain.artifacts.ArtifactEvent.ArtifactDeleted;
import io.syntropic137.domain.artifacts.ArtifactEvent.ArtifactMetadataUpdated;
import io.syntropic137.domain.shared.Rejection;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static io.syntropic137.domain.testing.Scenario.given;
import static org.assertj.core.api.Assertions.assertThat;

class ArtifactTest {
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
    private static final String SHA = "a".repeat(64);
    private static final ArtifactCreated CREATED = new ArtifactCreated("art", "ex", "plan", "s", ArtifactType.PLAN, "text/markdown",
            "Plan", 120, SHA, "file:///store/aa", true, List.of("art-0"), T);

    private static CreateArtifact create(long size, String sha, List<String> lineage) {
        return new CreateArtifact("art", "ex", "plan", "s", ArtifactType.PLAN, "text/markdown", "Plan", size, sha,
                "file:///store/aa", true, lineage, T);
    }

    @Test
    void create() {
        given(Artifact.TYPE).when(create(120, SHA, List.of("art-0"))).then(CREATED);
        given(Artifact.TYPE, CREATED).when(create(120, SHA, List.of())).thenRejected(Rejection.AlreadyExists.class);
        given(Artifact.TYPE).when(create(0, SHA, List.of())).thenInvalid("sizeBytes");
        given(Artifact.TYPE).when(create(1, "xyz", List.of())).thenInvalid("sha256");
        given(Artifact.TYPE).when(create(1, SHA, List.of("art"))).thenInvalid("derivedFrom");
        given(Artifact.TYPE).when(create(1, SHA, List.of("x", "x"))).thenInvalid("derivedFrom");
    }

    @Test
    void updateAndDelete() {
        given(Artifact.TYPE, CREATED).when(new UpdateArtifactMetadata("art", "Final plan", null, false, T))
                .then(new ArtifactMetadataUpdated("art", "Final plan", ArtifactType.PLAN, false, T));
        given(Artifact.TYPE, CREATED).when(new UpdateArtifactMetadata("art", "Plan", ArtifactType.PLAN, true, T)).thenViolates("nothing-to-change");
        given(Artifact.TYPE, CREATED).when(new UpdateArtifactMetadata("art", " ", null, null, T)).thenInvalid("title");
        given(Artifact.TYPE, CREATED).when(new DeleteArtifact("art", "superseded", T)).then(new ArtifactDeleted("art", "superseded", T))
                .thenState(a -> assertThat(a.deleted()).isTrue());
        given(Artifact.TYPE, CREATED, new ArtifactDeleted("art", "x", T)).when(new UpdateArtifactMetadata("art", "t", null, null, T))
                .thenRejected(Rejection.IllegalTransition.class);
        given(Artifact.TYPE, CREATED, new ArtifactDeleted("art", "x", T)).when(new DeleteArtifact("art", "x", T))
                .thenRejected(Rejection.IllegalTransition.class);
        given(Artifact.TYPE).when(new DeleteArtifact("art", "x", T)).thenRejected(Rejection.NotFound.class);
    }
}
