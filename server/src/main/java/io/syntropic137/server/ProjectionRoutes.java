package io.syntropic137.server;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.syntropic137.projections.ProjectionManager;
import io.syntropic137.projections.ProjectionStatus;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The read models' runtime under {@code /api/projections}: where each projection is (position, lag, a stuck
 * error), and a rebuild of one on demand. A rebuild reads the log from position 0 into new tables while queries
 * keep answering from the current ones, and swaps them in when it has caught up.
 */
final class ProjectionRoutes {
    private final ProjectionManager projections;

    private ProjectionRoutes(ProjectionManager projections) {
        this.projections = projections;
    }

    static void register(RoutesConfig routes, ProjectionManager projections) {
        var r = new ProjectionRoutes(projections);
        routes.get("/api/projections", r::list);
        routes.post("/api/projections/{name}/rebuild", r::rebuild);
    }

    private void list(Context ctx) throws Exception {
        Api.json(ctx, 200, Map.of("items", views(projections.status())));
    }

    private void rebuild(Context ctx) throws Exception {
        String name = ctx.pathParam("name");
        long generation;
        try {
            generation = projections.rebuild(name);
        } catch (IllegalArgumentException e) { // no such projection (the manager lists the known ones)
            Server.problem(ctx, 404, "not-found", "Not found", e.getMessage());
            return;
        } catch (IllegalStateException e) { // another node holds its lease
            Server.problem(ctx, 409, "conflict", "Conflict", e.getMessage());
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("rebuildingGeneration", generation);
        body.put("status", projections.status().stream().filter(s -> s.name().equals(name)).findFirst().map(ProjectionRoutes::view)
                .orElseThrow());
        Api.json(ctx, 202, body);
    }

    static List<Map<String, Object>> views(List<ProjectionStatus> statuses) {
        return statuses.stream().map(ProjectionRoutes::view).toList();
    }

    static Map<String, Object> view(ProjectionStatus s) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("name", s.name());
        v.put("version", s.version());
        v.put("generation", s.generation());
        v.put("state", s.state().name());
        v.put("position", s.position());
        v.put("headPosition", s.headPosition());
        v.put("lag", s.lag());
        v.put("lastError", s.lastError().orElse(null));
        v.put("consecutiveFailures", s.consecutiveFailures());
        v.put("rebuildingGeneration", s.rebuildingGeneration().orElse(null));
        v.put("rebuildPosition", s.rebuildPosition().orElse(null));
        return v;
    }
}
