package io.syntropic137.server;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.syntropic137.domain.sessions.SessionStatus;
import io.syntropic137.projections.ProjectionManager;
import io.syntropic137.projections.readmodels.ReadModels;
import io.syntropic137.projections.readmodels.executions.ExecutionsProjection;
import io.syntropic137.projections.readmodels.organization.OrganizationProjection;
import io.syntropic137.projections.readmodels.organization.OrganizationQueries;
import io.syntropic137.projections.readmodels.sessions.SessionQueries;
import io.syntropic137.projections.readmodels.sessions.SessionsProjection;
import io.syntropic137.projections.readmodels.triggers.TriggerQueries;
import io.syntropic137.projections.readmodels.triggers.TriggersProjection;

import java.util.Locale;
import java.util.Optional;

/**
 * The read-only routes over the read models that have no commands here yet: sessions, costs, metrics, repositories,
 * organizations and systems, triggers. Every one reads a projection (never the write side) and accepts
 * {@code ?after=<position>} for read-your-writes.
 */
final class ReadRoutes {
    private final ReadModels.Queries queries;
    private final ProjectionManager projections;

    private ReadRoutes(ReadModels.Queries queries, ProjectionManager projections) {
        this.queries = queries;
        this.projections = projections;
    }

    static void register(RoutesConfig routes, ReadModels.Queries queries, ProjectionManager projections) {
        var r = new ReadRoutes(queries, projections);
        routes.get("/api/sessions", r::sessions);
        routes.get("/api/sessions/{id}", r::session);
        routes.get("/api/costs/executions/{id}", r::executionCost);
        routes.get("/api/costs/executions/{id}/phases/{phase}", r::phaseCost);
        routes.get("/api/costs/models", r::modelCosts);
        routes.get("/api/metrics/dashboard", r::dashboard);
        routes.get("/api/metrics/workflows/{id}", r::workflowMetrics);
        routes.get("/api/repos/health", r::repoHealthList);
        routes.get("/api/repos/executions", r::repoExecutions);
        routes.get("/api/organizations", r::organizations);
        routes.get("/api/systems", r::systems);
        routes.get("/api/repos", r::repos);
        routes.get("/api/triggers", r::triggers);
        routes.get("/api/triggers/{id}", r::trigger);
        routes.get("/api/triggers/{id}/history", r::triggerHistory);
    }

    private boolean ready(Context ctx, String projection) throws InterruptedException {
        return Api.caughtUp(ctx, projections, projection);
    }

    private void sessions(Context ctx) throws Exception {
        if (!ready(ctx, SessionsProjection.NAME)) {
            return;
        }
        SessionStatus status = enumParam(ctx, "status", SessionStatus.class);
        Api.json(ctx, 200, queries.sessions().list(new SessionQueries.Filter(ctx.queryParam("execution"), status,
                ctx.queryParam("model")), Api.page(ctx)));
    }

    private void session(Context ctx) throws Exception {
        if (ready(ctx, SessionsProjection.NAME)) {
            found(ctx, "session", queries.sessions().detail(
                    Api.resolveId(ctx.pathParam("id"), queries.sessions()::idsStartingWith, "session")));
        }
    }

    private void executionCost(Context ctx) throws Exception {
        if (ready(ctx, ExecutionsProjection.NAME)) {
            found(ctx, "execution", queries.costs().execution(ctx.pathParam("id")));
        }
    }

    private void phaseCost(Context ctx) throws Exception {
        if (ready(ctx, ExecutionsProjection.NAME)) {
            found(ctx, "phase '" + ctx.pathParam("phase") + "' of execution",
                    queries.costs().phase(ctx.pathParam("id"), ctx.pathParam("phase")));
        }
    }

    private void modelCosts(Context ctx) throws Exception {
        if (ready(ctx, SessionsProjection.NAME)) {
            Api.json(ctx, 200, java.util.Map.of("models", queries.sessions().costByModel(),
                    "total", queries.sessions().totals()));
        }
    }

    private void dashboard(Context ctx) throws Exception {
        if (ready(ctx, ExecutionsProjection.NAME)) {
            Api.json(ctx, 200, queries.dashboard().dashboard());
        }
    }

    private void workflowMetrics(Context ctx) throws Exception {
        if (ready(ctx, ExecutionsProjection.NAME)) {
            String id = ctx.pathParam("id");
            Api.json(ctx, 200, java.util.Map.of("runs", queries.workflowMetrics().runs(id),
                    "phases", queries.workflowMetrics().phases(id)));
        }
    }

    private void repoHealthList(Context ctx) throws Exception {
        if (ready(ctx, ExecutionsProjection.NAME)) {
            Api.json(ctx, 200, queries.repos().healthList(Api.page(ctx)));
        }
    }

    private void repoExecutions(Context ctx) throws Exception {
        if (!ready(ctx, ExecutionsProjection.NAME)) {
            return;
        }
        String repo = ctx.queryParam("repo");
        if (repo == null || repo.isBlank()) {
            throw new Api.BadParameter("repo is required: the repository whose executions to list (?repo=acme/api)");
        }
        Api.json(ctx, 200, queries.repos().executionsOf(repo, Api.page(ctx)));
    }

    private void organizations(Context ctx) throws Exception {
        if (ready(ctx, OrganizationProjection.NAME)) {
            Api.json(ctx, 200, queries.organization().organizations("true".equals(ctx.queryParam("include_deleted")),
                    Api.page(ctx)));
        }
    }

    private void systems(Context ctx) throws Exception {
        if (ready(ctx, OrganizationProjection.NAME)) {
            Api.json(ctx, 200, queries.organization().systems(ctx.queryParam("organization"),
                    "true".equals(ctx.queryParam("include_deleted")), Api.page(ctx)));
        }
    }

    private void repos(Context ctx) throws Exception {
        if (ready(ctx, OrganizationProjection.NAME)) {
            Api.json(ctx, 200, queries.organization().repos(new OrganizationQueries.RepoFilter(ctx.queryParam("organization"),
                    ctx.queryParam("system"), null, "true".equals(ctx.queryParam("include_deregistered"))), Api.page(ctx)));
        }
    }

    private void triggers(Context ctx) throws Exception {
        if (ready(ctx, TriggersProjection.NAME)) {
            Api.json(ctx, 200, queries.triggers().list(new TriggerQueries.Filter(ctx.queryParam("repository"),
                    ctx.queryParam("workflow"), null), Api.page(ctx)));
        }
    }

    private void trigger(Context ctx) throws Exception {
        if (ready(ctx, TriggersProjection.NAME)) {
            found(ctx, "trigger", queries.triggers().get(ctx.pathParam("id")));
        }
    }

    private void triggerHistory(Context ctx) throws Exception {
        if (ready(ctx, TriggersProjection.NAME)) {
            Api.json(ctx, 200, queries.triggers().history(ctx.pathParam("id"), Api.page(ctx)));
        }
    }

    private static void found(Context ctx, String what, Optional<?> value) throws Exception {
        if (value.isEmpty()) {
            Server.problem(ctx, 404, "not-found", "Not found", what + " '" + ctx.pathParam("id") + "' does not exist");
            return;
        }
        Api.json(ctx, 200, value.get());
    }

    private static <E extends Enum<E>> E enumParam(Context ctx, String name, Class<E> type) {
        String text = ctx.queryParam(name);
        if (text == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new Api.BadParameter(name + "=" + text + " is not one of " + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }
}
