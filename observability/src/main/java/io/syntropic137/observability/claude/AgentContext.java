package io.syntropic137.observability.claude;

/**
 * What the platform knows about an agent run and the agent itself does not: the execution and phase it runs
 * for, and the repository of its workspace ({@code data.repo} on usage events, which the repo cost report reads).
 * Any may be null.
 */
public record AgentContext(String executionId, String phaseId, String repo) {
    public static AgentContext none() {
        return new AgentContext(null, null, null);
    }
}
