package io.syntropic137.server;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.syntropic137.engine.port.ContentStore;
import io.syntropic137.projections.ProjectionManager;
import io.syntropic137.projections.readmodels.artifacts.ArtifactQueries;
import io.syntropic137.projections.readmodels.artifacts.ArtifactsProjection;

import java.io.InputStream;

/** Artifacts under {@code /api/artifacts}: list (by execution or phase), show, and the content itself. */
final class ArtifactRoutes {
    private final ArtifactQueries queries;
    private final ContentStore content;
    private final ProjectionManager projections;

    private ArtifactRoutes(ArtifactQueries queries, ContentStore content, ProjectionManager projections) {
        this.queries = queries;
        this.content = content;
        this.projections = projections;
    }

    static void register(RoutesConfig routes, ArtifactQueries queries, ContentStore content, ProjectionManager projections) {
        var r = new ArtifactRoutes(queries, content, projections);
        routes.get("/api/artifacts", r::list);
        routes.get("/api/artifacts/{id}", r::show);
        routes.get("/api/artifacts/{id}/content", r::content);
    }

    private void list(Context ctx) throws Exception {
        if (!Api.caughtUp(ctx, projections, ArtifactsProjection.NAME)) {
            return;
        }
        Api.json(ctx, 200, queries.list(new ArtifactQueries.Filter(ctx.queryParam("execution"), ctx.queryParam("phase"),
                null, false), Api.page(ctx)));
    }

    private void show(Context ctx) throws Exception {
        if (!Api.caughtUp(ctx, projections, ArtifactsProjection.NAME)) {
            return;
        }
        var artifact = queries.get(Api.resolveId(ctx.pathParam("id"), queries::idsStartingWith, "artifact"));
        if (artifact.isEmpty()) {
            Server.problem(ctx, 404, "not-found", "Not found", "artifact '" + ctx.pathParam("id") + "' does not exist");
            return;
        }
        Api.json(ctx, 200, artifact.get());
    }

    private void content(Context ctx) throws Exception {
        if (!Api.caughtUp(ctx, projections, ArtifactsProjection.NAME)) {
            return;
        }
        var artifact = queries.get(Api.resolveId(ctx.pathParam("id"), queries::idsStartingWith, "artifact"));
        if (artifact.isEmpty()) {
            Server.problem(ctx, 404, "not-found", "Not found", "artifact '" + ctx.pathParam("id") + "' does not exist");
            return;
        }
        try (InputStream in = content.open(artifact.get().sha256())) {
            ctx.status(200).contentType(artifact.get().contentType()).result(in.readAllBytes());
        }
    }
}
