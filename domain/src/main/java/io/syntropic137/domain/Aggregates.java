package io.syntropic137.domain;

import io.syntropic137.domain.artifacts.Artifact;
import io.syntropic137.domain.github.Installation;
import io.syntropic137.domain.github.TriggerRule;
import io.syntropic137.domain.orchestration.WorkflowExecution;
import io.syntropic137.domain.orchestration.WorkflowTemplate;
import io.syntropic137.domain.orchestration.Workspace;
import io.syntropic137.domain.organization.Organization;
import io.syntropic137.domain.organization.Repo;
import io.syntropic137.domain.organization.RepoSystem;
import io.syntropic137.domain.sessions.AgentSession;
import io.syntropic137.domain.shared.AggregateType;

import java.util.List;

/** Every persisted aggregate, by bounded context. Generic code (codec, docs, tests) starts from here. */
public final class Aggregates {

    public static final List<AggregateType<?, ?, ?>> ALL = List.of(
            WorkflowTemplate.TYPE, WorkflowExecution.TYPE, Workspace.TYPE,
            Organization.TYPE, RepoSystem.TYPE, Repo.TYPE,
            AgentSession.TYPE,
            Installation.TYPE, TriggerRule.TYPE,
            Artifact.TYPE);

    private Aggregates() {
    }
}
