package io.syntropic137.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.syntropic137.eventstore.EventStore;
import io.syntropic137.observability.TelemetryPipeline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;

/** The running HTTP server and what it owns. */
public final class Server implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Server.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Javalin http;
    private final EventStore eventStore;
    private final ServerConfig config;
    private final TelemetryPipeline telemetry;

    private Server(Javalin http, EventStore eventStore, ServerConfig config, TelemetryPipeline telemetry) {
        this.http = http;
        this.eventStore = eventStore;
        this.config = config;
        this.telemetry = telemetry;
    }

    static Server start(ServerConfig config, EventStore eventStore, TelemetryPipeline telemetry) {
        Server[] holder = new Server[1];
        Javalin http = Javalin.create(javalin -> {
            javalin.startup.showJavalinBanner = false;
            javalin.concurrency.useVirtualThreads = true;
            javalin.routes.get("/api/health", ctx -> holder[0].health(ctx));
            TelemetryRoutes.register(javalin.routes, telemetry);
            javalin.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
                problem(ctx, 500, "internal", "Internal error", "the server failed to handle this request: " + e.getMessage());
            });
            javalin.routes.error(404, ctx -> {
                if (!"application/problem+json".equals(ctx.res().getContentType())) {
                    problem(ctx, 404, "not-found", "Not found", "no route for " + ctx.method() + " " + ctx.path());
                }
            });
        });
        Server server = new Server(http, eventStore, config, telemetry);
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
            store.put("headPosition", eventStore.headPosition());
        } catch (RuntimeException e) {
            store.put("status", "down");
            store.put("error", e.getMessage());
            status = 503;
        }
        body.put("status", status == 200 ? "up" : "degraded");
        body.put("parts", Map.of("eventStore", store));
        ctx.status(status).contentType("application/json").result(JSON.writeValueAsString(body));
    }

    static void problem(Context ctx, int status, String type, String title, String detail) {
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

    public int port() {
        return http.port();
    }

    @Override
    public void close() {
        http.stop();
        // after HTTP stops nothing new arrives; closing flushes what was accepted
        telemetry.close();
        eventStore.close();
    }
}
