package io.syntropic137.server.metrics;

import io.javalin.config.RoutesConfig;

/** {@code GET /metrics}: every meter for a Prometheus scraper. Access is the AccessGate's, as for any route. */
public final class MetricsRoutes {
    public static final String PATH = "/metrics";

    public static void register(RoutesConfig routes, ServerMetrics metrics) {
        routes.get(PATH, ctx -> {
            String contentType = Exposition.contentType(ctx.header("Accept"));
            ctx.status(200).contentType(contentType).result(metrics.scrape(contentType));
        });
    }

    private MetricsRoutes() {
    }
}
