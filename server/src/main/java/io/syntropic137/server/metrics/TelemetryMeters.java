package io.syntropic137.server.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.syntropic137.observability.BufferHealth;
import io.syntropic137.observability.TelemetryBuffer;

import java.util.function.ToDoubleFunction;

/** The telemetry buffer's fill and throughput, from the state it keeps for health anyway. */
public final class TelemetryMeters implements MeterBinder {
    private final TelemetryBuffer buffer;

    public TelemetryMeters(TelemetryBuffer buffer) {
        this.buffer = buffer;
    }

    private ToDoubleFunction<TelemetryBuffer> read(ToDoubleFunction<BufferHealth> field) {
        return b -> field.applyAsDouble(b.health());
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("syn.telemetry.buffer.held.events", buffer, read(BufferHealth::held))
                .description("Telemetry events taken and not yet stored").register(registry);
        Gauge.builder("syn.telemetry.buffer.capacity.events", buffer, read(BufferHealth::capacity))
                .description("Telemetry events the buffer holds before refusing (HTTP 429) or making agents wait")
                .register(registry);
        Gauge.builder("syn.telemetry.buffer.fill.ratio", buffer, read(BufferHealth::fill))
                .description("Held over capacity: at 1 the collector answers 429").register(registry);
        Gauge.builder("syn.telemetry.flush.consecutive.failures", buffer, read(BufferHealth::consecutiveFailures))
                .description("Failed writes since the last successful one: above 0 the telemetry store is failing now")
                .register(registry);
        FunctionCounter.builder("syn.telemetry.events.stored", buffer, read(BufferHealth::stored))
                .description("Telemetry events committed to the telemetry store").register(registry);
        FunctionCounter.builder("syn.telemetry.batches.refused", buffer, read(BufferHealth::refusedFull))
                .description("Telemetry batches refused with 429 because the buffer was full (nothing of them taken; "
                        + "senders re-send them)").register(registry);
        FunctionCounter.builder("syn.telemetry.flush.failures", buffer, read(BufferHealth::failedAttempts))
                .description("Failed attempts to write a telemetry batch (each is retried)").register(registry);
        FunctionCounter.builder("syn.telemetry.events.dropped", buffer, read(BufferHealth::dropped))
                .description("Accepted telemetry events never stored (only when the store still failed at shutdown)")
                .register(registry);
    }
}
