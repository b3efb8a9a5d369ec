package io.syntropic137.server.metrics;

import io.javalin.http.Context;
import io.javalin.http.RequestLogger;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Times every HTTP request by route template, method and status. Javalin calls a request logger after every request,
 * including refused (401, 429) and unmatched ones, which before/after handlers would not all see.
 */
public final class HttpMeters implements RequestLogger {
    /** The route tag of a request no route matched: its path would make a series per probe of a scanner. */
    public static final String UNMATCHED = "unmatched";

    private final Meter.MeterProvider<Timer> requests;
    private final Function<Context, String> routeTemplate;

    /** @param routeTemplate the template of the route a request's method and path match, or null */
    public HttpMeters(MeterRegistry registry, Function<Context, String> routeTemplate) {
        this.routeTemplate = routeTemplate;
        this.requests = Timer.builder("syn.http.server.requests")
                .description("HTTP requests by route template, method and status (streams count when they end)")
                .serviceLevelObjectives(Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
                        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
                        Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10))
                .withRegistry(registry);
    }

    @Override
    public void handle(Context ctx, Float executionTimeMs) {
        String route = routeTemplate.apply(ctx);
        requests.withTags(Tags.of("route", route == null ? UNMATCHED : route, "method", ctx.method().name(),
                        "status", Integer.toString(ctx.statusCode())))
                .record((long) (executionTimeMs * 1_000_000.0), TimeUnit.NANOSECONDS);
    }
}
