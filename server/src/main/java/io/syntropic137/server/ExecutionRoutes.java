package io.syntropic137.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.syntropic137.domain.orchestration.ExecutionStatus;
import io.syntropic137.domain.shared.Result;
import io.syntropic137.engine.EngineRejection;
import io.syntropic137.engine.ExecutionEngine;
import io.syntropic137.projections.ProjectionManager;
import io.syntropic137.projections.readmodels.executions.ExecutionFilter;
import io.syntropic137.projections.readmodels.executions.ExecutionQueries;
import io.syntropic137.projections.readmodels.executions.ExecutionsProjection;

import java.util.Locale;
import java.util.Map;

/**
 * Executions under {@code /api/executions}: list, show (with per-phase rows), control state, and the control
 * commands pause, resume, cancel, retry, approve and reject. Commands answer with the position they wrote, for
 * {@code ?after=} on the next query.
 */
final class ExecutionRoutes {
    private final ExecutionEngine engine;
    private final ExecutionQueries queries;
    private final ProjectionManager projections;

    private ExecutionRoutes(ExecutionEngine engine, ExecutionQueries queries, ProjectionManager projections) {
        this.engine = engine;
        this.queries = queries;
        this.projections = projections;
    }

    static void register(RoutesConfig routes, ExecutionEngine engine, ExecutionQueries queries,
                         ProjectionManager projections) {
        var r = new ExecutionRoutes(engine, queries, projections);
        routes.get("/api/executions", r::list);
        routes.get("/api/executions/{id}", r::show);
        routes.get("/api/executions/{id}/control", r::control);
        routes.post("/api/executions/{id}/pause", r::pause);
        routes.post("/api/executions/{id}/resume", ctx -> r.answer(ctx, engine.resume(r.id(ctx), WorkflowRoutes.actor(ctx))));
        routes.post("/api/executions/{id}/cancel", r::cancel);
        routes.post("/api/executions/{id}/retry", ctx -> r.answer(ctx, engine.retry(r.id(ctx), WorkflowRoutes.actor(ctx))));
        routes.post("/api/executions/{id}/phases/{phase}/approve", r::approve);
        routes.post("/api/executions/{id}/phases/{phase}/reject", r::reject);
    }

    /**
     * The execution the path names: its full id, or a prefix of exactly one id (users type short ids). An unknown
     * prefix keeps the text as given (the query or command then says it does not exist); an ambiguous one is a 409
     * listing the candidates.
     */
    String id(Context ctx) {
        return Api.resolveId(ctx.pathParam("id"), queries::idsStartingWith, "execution");
    }

    private void list(Context ctx) throws Exception {
        if (!Api.caughtUp(ctx, projections, ExecutionsProjection.NAME)) {
            return;
        }
        ExecutionFilter filter = ExecutionFilter.ALL;
        String status = ctx.queryParam("status");
        if (status != null) {
            try {
                filter = filter.withStatus(ExecutionStatus.valueOf(status.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new Api.BadParameter("status=" + status + " is not a status: use one of "
                        + java.util.Arrays.toString(ExecutionStatus.values()));
            }
        }
        if (ctx.queryParam("workflow") != null) {
            filter = filter.withTemplate(ctx.queryParam("workflow"));
        }
        Api.json(ctx, 200, queries.list(filter, ExecutionQueries.Sort.NEWEST_FIRST, Api.page(ctx)));
    }

    private void show(Context ctx) throws Exception {
        if (!Api.caughtUp(ctx, projections, ExecutionsProjection.NAME)) {
            return;
        }
        String id = id(ctx);
        var detail = queries.detail(id);
        if (detail.isEmpty()) {
            Server.problem(ctx, 404, "not-found", "Not found", "execution '" + id + "' does not exist");
            return;
        }
        Api.json(ctx, 200, detail.get());
    }

    private void control(Context ctx) throws Exception {
        if (!Api.caughtUp(ctx, projections, ExecutionsProjection.NAME)) {
            return;
        }
        String id = id(ctx);
        var state = queries.control(id);
        if (state.isEmpty()) {
            Server.problem(ctx, 404, "not-found", "Not found", "execution '" + id + "' does not exist");
            return;
        }
        Api.json(ctx, 200, state.get());
    }

    private void pause(Context ctx) throws Exception {
        JsonNode body = Api.body(ctx);
        if (body != null) {
            answer(ctx, engine.pause(id(ctx), Api.text(body, "reason"), WorkflowRoutes.actor(ctx)));
        }
    }

    private void cancel(Context ctx) throws Exception {
        JsonNode body = Api.body(ctx);
        if (body != null) {
            answer(ctx, engine.cancel(id(ctx), Api.text(body, "reason"), WorkflowRoutes.actor(ctx)));
        }
    }

    private void approve(Context ctx) throws Exception {
        JsonNode body = Api.body(ctx);
        if (body != null) {
            answer(ctx, engine.approve(id(ctx), ctx.pathParam("phase"), Api.text(body, "comment"),
                    WorkflowRoutes.actor(ctx)));
        }
    }

    private void reject(Context ctx) throws Exception {
        JsonNode body = Api.body(ctx);
        if (body != null) {
            answer(ctx, engine.reject(id(ctx), ctx.pathParam("phase"), Api.text(body, "reason"),
                    WorkflowRoutes.actor(ctx)));
        }
    }

    private void answer(Context ctx, Result<Long, EngineRejection> result) throws Exception {
        switch (result) {
            case Result.Ok<Long, EngineRejection> ok ->
                    Api.json(ctx, 202, Map.of("execution_id", id(ctx), "position", ok.value()));
            case Result.Err<Long, EngineRejection> err -> Api.refused(ctx, err.error());
        }
    }
}
