package io.syntropic137.server.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.syntropic137.projections.ProjectionManager;
import io.syntropic137.projections.ProjectionStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Where every projection is and how far behind the store. The manager's status reads the store's head once for all
 * projections, so it is read once per scrape ({@link #refresh}) rather than once per series.
 */
public final class ProjectionMeters implements MeterBinder {
    private static final Logger LOG = LoggerFactory.getLogger(ProjectionMeters.class);

    private final ProjectionManager projections;
    private MultiGauge head;
    private MultiGauge position;
    private MultiGauge lag;
    private MultiGauge failures;

    public ProjectionMeters(ProjectionManager projections) {
        this.projections = projections;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        head = MultiGauge.builder("syn.eventstore.head.position")
                .description("Highest committed global position of the event store").register(registry);
        position = MultiGauge.builder("syn.projection.position")
                .description("Global position of the last event the projection serving queries applied").register(registry);
        lag = MultiGauge.builder("syn.projection.lag.events")
                .description("Events committed to the store that the projection has not applied yet").register(registry);
        failures = MultiGauge.builder("syn.projection.consecutive.failures")
                .description("Failed attempts in a row at the projection's next batch (0 when it is healthy)")
                .register(registry);
        refresh();
    }

    /** Reads the projections' status once and sets every projection meter from it. */
    public void refresh() {
        List<ProjectionStatus> status;
        try {
            status = projections.status();
        } catch (RuntimeException e) {
            // the store cannot tell its head: the series vanish (absent() alerts see it, health names the cause)
            // rather than repeat old values, and the rest of the scrape is still served
            LOG.warn("projection metrics are left out of this scrape: {}", e.toString());
            status = List.of();
        }
        head.register(status.stream().mapToLong(ProjectionStatus::headPosition).max()
                .stream().mapToObj(h -> MultiGauge.Row.of(Tags.empty(), h)).toList(), true);
        set(position, status, ProjectionStatus::position);
        set(lag, status, ProjectionStatus::lag);
        set(failures, status, ProjectionStatus::consecutiveFailures);
    }

    private static void set(MultiGauge gauge, List<ProjectionStatus> status, ToLongFunction<ProjectionStatus> value) {
        // overwrite: a projection that is gone (renamed in code) must not keep reporting its last value
        gauge.register(status.stream().map(s -> MultiGauge.Row.of(Tags.of("projection", s.name()), value.applyAsLong(s)))
                .toList(), true);
    }
}
