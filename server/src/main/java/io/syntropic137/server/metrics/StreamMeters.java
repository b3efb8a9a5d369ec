package io.syntropic137.server.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.syntropic137.server.stream.ExecutionTail;

/** Live SSE clients, read from the tail that fans frames out to them. */
public final class StreamMeters implements MeterBinder {
    private final ExecutionTail tail;

    public StreamMeters(ExecutionTail tail) {
        this.tail = tail;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("syn.streams.open", tail, ExecutionTail::clientCount)
                .description("SSE streams (execution and activity) open now").register(registry);
        Gauge.builder("syn.streams.tail.position", tail, ExecutionTail::position)
                .description("Global position of the last event the live tail fanned out").register(registry);
    }
}
