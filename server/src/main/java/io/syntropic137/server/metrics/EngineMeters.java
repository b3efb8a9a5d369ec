package io.syntropic137.server.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.syntropic137.engine.ExecutionEngine;

/** How busy the engine is now, read from the engine itself at each scrape. */
public final class EngineMeters implements MeterBinder {
    private final ExecutionEngine engine;

    public EngineMeters(ExecutionEngine engine) {
        this.engine = engine;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("syn.executions.running", engine, ExecutionEngine::runningCount)
                .description("Executions this node is running now").register(registry);
        Gauge.builder("syn.executions.queued", engine, ExecutionEngine::queuedCount)
                .description("Executions waiting for a free slot on this node").register(registry);
        Gauge.builder("syn.executions.waiting.for.work", engine, ExecutionEngine::waitingForWork)
                .description("Running executions waiting for an engine work permit (SYN_ENGINE_WORKERS)").register(registry);
    }
}
