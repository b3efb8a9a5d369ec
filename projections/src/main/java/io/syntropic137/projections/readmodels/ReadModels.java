package io.syntropic137.projections.readmodels;

import io.syntropic137.application.codec.EventCodec;
import io.syntropic137.projections.Projection;
import io.syntropic137.projections.ProjectionManager;
import io.syntropic137.projections.ReadModelDatabase;
import io.syntropic137.projections.readmodels.artifacts.ArtifactQueries;
import io.syntropic137.projections.readmodels.artifacts.ArtifactsProjection;
import io.syntropic137.projections.readmodels.dashboard.DashboardQueries;
import io.syntropic137.projections.readmodels.executions.CostQueries;
import io.syntropic137.projections.readmodels.executions.ExecutionQueries;
import io.syntropic137.projections.readmodels.executions.ExecutionsProjection;
import io.syntropic137.projections.readmodels.executions.RepoQueries;
import io.syntropic137.projections.readmodels.executions.WorkflowMetricsQueries;
import io.syntropic137.projections.readmodels.organization.OrganizationProjection;
import io.syntropic137.projections.readmodels.organization.OrganizationQueries;
import io.syntropic137.projections.readmodels.sessions.SessionQueries;
import io.syntropic137.projections.readmodels.sessions.SessionsProjection;
import io.syntropic137.projections.readmodels.support.CachedReads;
import io.syntropic137.projections.readmodels.triggers.TriggerQueries;
import io.syntropic137.projections.readmodels.triggers.TriggersProjection;
import io.syntropic137.projections.readmodels.workflows.WorkflowQueries;
import io.syntropic137.projections.readmodels.workflows.WorkflowsProjection;

import java.util.List;

/**
 * Every read model of the product, listed by hand: the composition root passes {@link #projections} to the
 * {@link ProjectionManager} and hands {@link #queries} to the HTTP and CLI adapters. Adding a read model means
 * adding it here. (The tool timeline is served by the observability module from telemetry, not from here.)
 */
public final class ReadModels {

    public static List<Projection> projections(EventCodec codec) {
        return List.of(
                new WorkflowsProjection(codec),
                new ExecutionsProjection(codec),
                new SessionsProjection(codec),
                new ArtifactsProjection(codec),
                new TriggersProjection(codec),
                new OrganizationProjection(codec));
    }

    /** The query services, all reading through the manager's cache. */
    public record Queries(WorkflowQueries workflows, ExecutionQueries executions, CostQueries costs,
                          WorkflowMetricsQueries workflowMetrics, RepoQueries repos, SessionQueries sessions,
                          DashboardQueries dashboard, ArtifactQueries artifacts, TriggerQueries triggers,
                          OrganizationQueries organization) {
    }

    public static Queries queries(ProjectionManager manager, ReadModelDatabase database) {
        CachedReads reads = new CachedReads(manager, database);
        ExecutionQueries executions = new ExecutionQueries(reads);
        WorkflowMetricsQueries metrics = new WorkflowMetricsQueries(reads);
        SessionQueries sessions = new SessionQueries(reads);
        return new Queries(new WorkflowQueries(reads), executions, new CostQueries(executions), metrics, new RepoQueries(reads),
                sessions, new DashboardQueries(metrics, sessions), new ArtifactQueries(reads), new TriggerQueries(reads),
                new OrganizationQueries(reads));
    }

    private ReadModels() {
    }
}
