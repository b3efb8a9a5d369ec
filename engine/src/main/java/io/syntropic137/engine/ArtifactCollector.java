package io.syntropic137.engine;

import io.syntropic137.domain.artifacts.ArtifactCommand.CreateArtifact;
import io.syntropic137.domain.artifacts.ArtifactType;
import io.syntropic137.domain.orchestration.PhaseDefinition;
import io.syntropic137.domain.shared.Rejection;
import io.syntropic137.domain.shared.Result;
import io.syntropic137.engine.port.ContentStore.StoredContent;
import io.syntropic137.engine.port.Workspace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Turns the files an agent left in {@code artifacts/output/} into artifacts: content into the content store, one
 * Artifact aggregate per file (type, SHA-256, size). Symbolic links are skipped: they could point at host files.
 */
final class ArtifactCollector {
    private static final Logger LOG = LoggerFactory.getLogger(ArtifactCollector.class);

    private ArtifactCollector() {
    }

    static List<String> collect(EngineParts parts, Workspace workspace, String executionId, PhaseDefinition phase,
                                String sessionId) throws IOException {
        Path output = workspace.outputDir();
        if (!Files.isDirectory(output, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(output)) {
            files = walk.filter(p -> !p.equals(output)).sorted().toList();
        }
        String primaryName = phase.settings().outputArtifacts().isEmpty() ? null : phase.settings().outputArtifacts().getFirst();
        List<String> ids = new ArrayList<>();
        boolean primaryTaken = false;
        for (Path file : files) {
            String relative = output.relativize(file).toString();
            if (Files.isSymbolicLink(file)) {
                LOG.warn("execution {} phase {}: skipping artifact '{}': it is a symbolic link", executionId,
                        phase.phaseId(), relative);
                continue;
            }
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            StoredContent stored = parts.content().put(file);
            boolean primary = primaryName == null ? !primaryTaken : relative.equals(primaryName);
            primaryTaken |= primary;
            String artifactId = "art-" + UUID.nameUUIDFromBytes((sessionId + "/" + relative).getBytes(StandardCharsets.UTF_8));
            var created = parts.commands().artifact(new CreateArtifact(artifactId, executionId, phase.phaseId(), sessionId,
                    typeOf(relative), contentTypeOf(relative), relative, stored.sizeBytes(), stored.sha256(), stored.uri(),
                    primary, List.of(), parts.now()));
            if (created instanceof Result.Err<?, Rejection> err && !(err.error() instanceof Rejection.AlreadyExists)) {
                throw new IOException("artifact '" + relative + "' was refused: " + err.error().reason());
            }
            ids.add(artifactId);
        }
        return ids;
    }

    static ArtifactType typeOf(String name) {
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        if (lower.endsWith(".md")) {
            return lower.contains("plan") ? ArtifactType.PLAN : lower.contains("report") ? ArtifactType.REPORT
                    : ArtifactType.MARKDOWN;
        }
        if (lower.endsWith(".json")) {
            return ArtifactType.JSON;
        }
        if (lower.endsWith(".diff") || lower.endsWith(".patch")) {
            return ArtifactType.DIFF;
        }
        if (lower.endsWith(".log")) {
            return ArtifactType.LOG;
        }
        if (lower.endsWith(".xml") && lower.contains("test")) {
            return ArtifactType.TEST_RESULTS;
        }
        return ArtifactType.OTHER;
    }

    static String contentTypeOf(String name) {
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        if (lower.endsWith(".md")) {
            return "text/markdown";
        }
        if (lower.endsWith(".json")) {
            return "application/json";
        }
        if (lower.endsWith(".txt") || lower.endsWith(".log") || lower.endsWith(".diff") || lower.endsWith(".patch")) {
            return "text/plain";
        }
        return "application/octet-stream";
    }
}
