package io.syntropic137.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.syntropic137.projections.ProjectionStatus;
import io.syntropic137.server.auth.AccessGate;
import io.syntropic137.server.metrics.HttpMeters;
import io.syntropic137.server.metrics.MetricsRoutes;
import io.syntropic137.server.stream.StreamRoutes;
import io.syntropic137.workspaces.BubblewrapWorkspaceProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The running HTTP server and what it owns. */
public final class Server implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Server.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Javalin http;
    private final ServerConfig config;
    private final Wiring parts;

    private Server(Javalin http, ServerConfig config, Wiring parts) {
        this.http = http;
        this.config = config;
        this.parts = parts;
    }

    static Server start(ServerConfig config, Wiring parts) {
        Server[] holder = new Server[1];
        Javalin http = Javalin.create(javalin -> {
            javalin.startup.showJavalinBanner = false;
            javalin.concurrency.useVirtualThreads = true;
            new AccessGate(config.auth(), parts.tokens()).register(javalin.routes);
            javalin.requestLogger.http(new HttpMeters(parts.metrics().registry(), ctx -> holder[0].routeTemplate(ctx)));
            javalin.routes.get("/api/health", ctx -> holder[0].health(ctx));
            MetricsRoutes.register(javalin.routes, parts.metrics());
            javalin.routes.get("/api/openapi.yaml", Server::openApi);
            TelemetryRoutes.register(javalin.routes, parts.telemetry());
            WorkflowRoutes.register(javalin.routes, parts.commands(), parts.queries().workflows(), parts.projections(),
                    parts.engine(), parts.clock());
            ExecutionRoutes.register(javalin.routes, parts.engine(), parts.queries().executions(), parts.projections());
            ArtifactRoutes.register(javalin.routes, parts.queries().artifacts(), parts.content(), parts.projections());
            ReadRoutes.register(javalin.routes, parts.queries(), parts.projections());
            ProjectionRoutes.register(javalin.routes, parts.projections());
            CommandRoutes.register(javalin.routes, parts.commands(), parts.content(), parts.queries(), parts.clock());
            GithubWebhookRoutes.register(javalin.routes, parts.triggers(), config.githubWebhookSecret(),
                    config.auth().tokensRequired());
            javalin.routes.exception(Api.AmbiguousId.class, (e, ctx) -> {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("type", "https://syntropic137.dev/problems/ambiguous-id");
                body.put("title", "Ambiguous id");
                body.put("status", 409);
                body.put("detail", e.getMessage());
                body.put("candidates", e.candidates);
                try {
                    ctx.status(409).contentType("application/problem+json").result(JSON.writeValueAsString(body));
                } catch (com.fasterxml.jackson.core.JsonProcessingException failure) {
                    throw new IllegalStateException("a problem document could not be written", failure);
                }
            });
            StreamRoutes.register(javalin.routes, parts.streams(), parts.streamSettings(),
                    id -> Api.resolveId(id, parts.queries().executions()::idsStartingWith, "execution"));
            TokenRoutes.register(javalin.routes, parts.tokens());
            javalin.routes.exception(Api.BadParameter.class, (e, ctx) ->
                    problem(ctx, 400, "bad-parameter", "Bad parameter", e.getMessage()));
            javalin.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
                problem(ctx, 500, "internal", "Internal error", "the server failed to handle this request: " + e.getMessage());
            });
            // Jetty refuses a body over the size limit before any route runs; answer that as a problem too
            javalin.routes.error(413, ctx -> {
                if (!"application/problem+json".equals(ctx.res().getContentType())) {
                    problem(ctx, 413, "too-large", "Request too large", "the request body is larger than this server "
                            + "accepts; split it (telemetry: send smaller batches)");
                }
            });
            javalin.routes.error(404, ctx -> {
                if (!"application/problem+json".equals(ctx.res().getContentType())) {
                    problem(ctx, 404, "not-found", "Not found", "no route for " + ctx.method() + " " + ctx.path());
                }
            });
        });
        Server server = new Server(http, config, parts);
        holder[0] = server;
        http.start(config.host(), config.port());
        return server;
    }

    private void health(Context ctx) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        Map<String, Object> store = new LinkedHashMap<>();
        store.put("backend", config.postgres().isPresent() ? "postgres" : "sqlite");
        int status = 200;
        try {
            store.put("status", "up");
            store.put("headPosition", parts.eventStore().headPosition());
        } catch (RuntimeException e) {
            store.put("status", "down");
            store.put("error", e.getMessage());
            status = 503;
        }
        Map<String, Object> engine = new LinkedHashMap<>();
        engine.put("running", parts.engine().runningCount());
        engine.put("queued", parts.engine().queuedCount());
        engine.put("waitingForWork", parts.engine().waitingForWork());
        engine.put("workspaces", parts.workspaceBackend());
        engine.put("isolated", parts.workspacesIsolated());
        boolean degraded = status != 200;
        if (!parts.workspacesIsolated()) {
            engine.put("warning", "workspaces are not isolated: agents run with this server's rights (SYN_WORKSPACES="
                    + parts.workspaceBackend() + ")");
            degraded = true;
        }
        if (parts.workspacesIsolated()) {
            BubblewrapWorkspaceProvider.reapingWarning(ProcessHandle.current().pid())
                    .ifPresent(warning -> engine.put("reapingWarning", warning));
        }
        Map<String, Object> telemetry = new LinkedHashMap<>();
        var pipeline = parts.telemetry().buffer().health();
        telemetry.put("status", pipeline.storeFailing() ? "degraded" : "up");
        telemetry.put("held", pipeline.held());
        telemetry.put("capacity", pipeline.capacity());
        telemetry.put("bufferFill", Math.round(pipeline.fill() * 10_000) / 10_000.0);
        telemetry.put("stored", pipeline.stored());
        telemetry.put("lastFlushAt", pipeline.lastFlushAt() == null ? null : pipeline.lastFlushAt().toString());
        telemetry.put("failedFlushAttempts", pipeline.failedAttempts());
        telemetry.put("consecutiveFailedFlushes", pipeline.consecutiveFailures());
        Map<String, Object> lastError = null;
        if (pipeline.lastError() != null) {
            lastError = new LinkedHashMap<>();
            lastError.put("message", pipeline.lastError());
            lastError.put("at", pipeline.lastErrorAt().toString());
        }
        // the last failure stays visible after recovery, so a blip is not lost between two probes
        telemetry.put("lastFlushError", lastError);
        telemetry.put("refusedWhileFull", pipeline.refusedFull());
        telemetry.put("dropped", pipeline.dropped());
        if (pipeline.storeFailing()) {
            telemetry.put("warning", "the telemetry store is failing (" + pipeline.lastError() + "); " + pipeline.held()
                    + " accepted events are held and retried, none is lost; at " + pipeline.capacity()
                    + " held, intake answers 429");
            degraded = true;
        }
        if (pipeline.dropped() > 0) {
            telemetry.put("status", "degraded");
            degraded = true;
        }
        Map<String, Object> cache = new LinkedHashMap<>();
        cache.put("backend", config.redisUrl().isPresent() ? "redis" : "in-process");
        var cacheProblem = parts.projections().cache().degraded();
        cache.put("status", cacheProblem.isPresent() ? "degraded" : "up");
        cacheProblem.ifPresent(problem -> cache.put("warning", problem + " (queries read the read models directly meanwhile)"));
        if (cacheProblem.isPresent()) {
            degraded = true;
        }
        Map<String, Object> projections = projectionsHealth();
        if (!"up".equals(projections.get("status"))) {
            degraded = true;
        }
        body.put("status", degraded ? "degraded" : "up");
        body.put("parts", Map.of("eventStore", store, "engine", engine, "telemetry", telemetry, "cache", cache,
                "projections", projections));
        ctx.status(status).contentType("application/json").result(JSON.writeValueAsString(body));
    }

    /** Each read model's position, lag and stuck error; degraded while one of them is not advancing. */
    private Map<String, Object> projectionsHealth() {
        Map<String, Object> projections = new LinkedHashMap<>();
        List<ProjectionStatus> statuses;
        try {
            statuses = parts.projections().status();
        } catch (RuntimeException e) { // the store's head could not be read: the event store part says why
            projections.put("status", "unknown");
            projections.put("error", e.getMessage());
            return projections;
        }
        List<String> stuck = statuses.stream().filter(p -> p.state() == ProjectionStatus.State.FAILING
                || p.state() == ProjectionStatus.State.STOPPED).map(ProjectionStatus::name).toList();
        projections.put("status", stuck.isEmpty() ? "up" : "degraded");
        if (!stuck.isEmpty()) {
            projections.put("warning", "read models not advancing: " + String.join(", ", stuck)
                    + " (their queries answer from where they stopped; see lastError)");
        }
        projections.put("items", ProjectionRoutes.views(statuses));
        return projections;
    }

    public static void problem(Context ctx, int status, String type, String title, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "https://syntropic137.dev/problems/" + type);
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        try {
            ctx.status(status).contentType("application/problem+json").result(JSON.writeValueAsString(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a problem document could not be written", e);
        }
    }

    private static void openApi(Context ctx) throws java.io.IOException {
        try (var in = Server.class.getResourceAsStream("/io/syntropic137/server/openapi.yaml")) {
            if (in == null) {
                throw new IllegalStateException("openapi.yaml is missing from the server's jar");
            }
            ctx.status(200).contentType("application/yaml").result(in.readAllBytes());
        }
    }

    /** The template of the route a request's method and path match (a path parameter's value never), or null. */
    private String routeTemplate(Context ctx) {
        var matched = http.unsafe.internalRouter.findFirstHttpHandlerEntry(ctx.method(), ctx.path());
        return matched == null ? null : matched.endpoint.path;
    }

    /** Every registered route as "METHOD /path", for the test that keeps the OpenAPI document complete. */
    java.util.List<String> routes() {
        return http.unsafe.internalRouter.allHttpHandlers().stream()
                .filter(e -> e.endpoint.method.isHttpMethod())
                .map(e -> e.endpoint.method.name() + " " + e.endpoint.path).toList();
    }

    /** The telemetry pipeline, for tests that count what it stored. */
    io.syntropic137.observability.TelemetryPipeline telemetry() {
        return parts.telemetry();
    }

    /**
     * The command path of this server, for benchmarks and tests that append events in the same process (so the
     * store's in-process commit signal wakes the live tail, as it does for the engine's own commands).
     */
    public io.syntropic137.application.CommandHandler commands() {
        return parts.commands();
    }

    /** True when an API token that is not revoked exists (the start-up notice says how to create the first). */
    boolean hasUsableToken() {
        return parts.tokens().hasUsableToken();
    }

    /** Clients connected to the live streams now. */
    public int streamClients() {
        return parts.streams().clientCount();
    }

    public int port() {
        return http.port();
    }

    @Override
    public void close() {
        // open streams park their request threads; closing the tail releases them so HTTP can stop at once
        parts.streams().close();
        http.stop();
        // after HTTP stops nothing new arrives; then the parts close in reverse order of their creation
        parts.close();
    }
}
