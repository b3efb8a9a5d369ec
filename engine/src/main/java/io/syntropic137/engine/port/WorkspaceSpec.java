package io.syntropic137.engine.port;

import io.syntropic137.domain.orchestration.WorkspaceLimits;

import java.util.List;
import java.util.Map;

/**
 * What a workspace is created with.
 *
 * @param instructions  the Markdown written as {@code CLAUDE.md} and {@code AGENTS.md}: layout and task
 * @param inputFiles    files written under {@code artifacts/input/}, by path relative to it
 * @param setupCommands commands run once after the clone, before the agent, with {@code setupSecrets} in their
 *                      environment; the secrets are cleared before the agent starts
 */
public record WorkspaceSpec(String workspaceId, String executionId, String phaseId, List<RepoCheckout> repos,
                            String instructions, Map<String, byte[]> inputFiles, List<List<String>> setupCommands,
                            Map<String, String> setupSecrets, WorkspaceLimits limits) {

    public WorkspaceSpec {
        repos = List.copyOf(repos);
        inputFiles = Map.copyOf(inputFiles);
        setupCommands = List.copyOf(setupCommands);
        setupSecrets = Map.copyOf(setupSecrets);
    }

    /** A repository to clone into {@code repos/<directory>}; {@code ref} null means the default branch. */
    public record RepoCheckout(String url, String ref, String directory) {
    }
}
