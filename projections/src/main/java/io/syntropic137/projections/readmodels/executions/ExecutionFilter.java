package io.syntropic137.projections.readmodels.executions;

import io.syntropic137.domain.orchestration.ExecutionStatus;

/** Narrows the execution list; a null field does not filter. */
public record ExecutionFilter(ExecutionStatus status, String templateId, String repo) {
    public static final ExecutionFilter ALL = new ExecutionFilter(null, null, null);

    public ExecutionFilter withStatus(ExecutionStatus s) {
        return new ExecutionFilter(s, templateId, repo);
    }

    public ExecutionFilter withTemplate(String t) {
        return new ExecutionFilter(status, t, repo);
    }

    public ExecutionFilter withRepo(String r) {
        return new ExecutionFilter(status, templateId, r);
    }

    String cacheKey() {
        return status + "|" + templateId + "|" + repo;
    }
}
