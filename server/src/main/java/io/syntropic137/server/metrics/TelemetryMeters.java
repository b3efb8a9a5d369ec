package io.syntropic137.server.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.syntropic137.observability.TelemetryBuffer;

/** The telemetry buffer's fill and throughput, from the counts the buffer keeps anyway. */
public final class TelemetryMeters implements MeterBinder {
    private final TelemetryBuffer buffer;

    public TelemetryMeters(TelemetryBuffer buffer) {
        this.buffer = buffer;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("syn.telemetry.buffer.held.events", buffer, TelemetryBuffer::held)
                .description("Telemetry events taken and not yet stored").register(registry);
        Gauge.builder("syn.telemetry.buffer.capacity.events", buffer, TelemetryBuffer::capacity)
                .description("Telemetry events the buffer holds before refusing (HTTP 429) or making agents wait")
                .register(registry);
        Gauge.builder("syn.telemetry.buffer.fill.ratio", buffer, b -> (double) b.held() / b.capacity())
                .description("Held over capacity: at 1 the collector answers 429").register(registry);
        FunctionCounter.builder("syn.telemetry.events.stored", buffer, TelemetryBuffer::storedEvents)
                .description("Telemetry events committed to the telemetry store").register(registry);
        FunctionCounter.builder("syn.telemetry.events.refused", buffer, TelemetryBuffer::refusedEvents)
                .description("Telemetry events refused with 429 because the buffer was full (senders re-send them)")
                .register(registry);
        FunctionCounter.builder("syn.telemetry.flush.failures", buffer, TelemetryBuffer::failedAttempts)
                .description("Failed attempts to write a telemetry batch (each is retried)").register(registry);
    }
}
