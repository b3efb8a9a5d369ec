package io.syntropic137.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.syntropic137.application.codec.EventTypeRegistry;
import io.syntropic137.domain.orchestration.ExecutionEvent;
import io.syntropic137.eventstore.NewEvent;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Counts executions started, retried and finished (by outcome) and phases completed, from the domain events this node stores:
 * the events are the facts, so the counts agree with the read models by construction.
 */
public final class ExecutionLifecycleMeters implements Consumer<List<NewEvent>> {
    private final Map<String, Counter> byStoredType = new HashMap<>();

    public ExecutionLifecycleMeters(MeterRegistry registry, EventTypeRegistry types) {
        count(types, ExecutionEvent.ExecutionStarted.class, Counter.builder("syn.executions.started")
                .description("Executions that started (a queued one when it leaves the queue, or is cancelled in it)")
                .register(registry));
        count(types, ExecutionEvent.ExecutionRetried.class, Counter.builder("syn.executions.retried")
                .description("New runs of an execution a server stop interrupted (after the restart, or by hand)")
                .register(registry));
        count(types, ExecutionEvent.ExecutionCompleted.class, finished(registry, "completed"));
        count(types, ExecutionEvent.ExecutionFailed.class, finished(registry, "failed"));
        count(types, ExecutionEvent.ExecutionCancelled.class, finished(registry, "cancelled"));
        count(types, ExecutionEvent.ExecutionInterrupted.class, finished(registry, "interrupted"));
        count(types, ExecutionEvent.PhaseCompleted.class, Counter.builder("syn.phases.completed")
                .description("Phases that completed").register(registry));
    }

    private static Counter finished(MeterRegistry registry, String outcome) {
        return Counter.builder("syn.executions.finished").tag("outcome", outcome)
                .description("Executions that reached an end state, by outcome (interrupted: by a server stop; "
                        + "these may be retried)")
                .register(registry);
    }

    private void count(EventTypeRegistry types, Class<? extends ExecutionEvent> event, Counter counter) {
        String storedName = types.forClass(event).map(EventTypeRegistry.EventType::name).orElseThrow(() ->
                new IllegalStateException(event.getName() + " has no stored name; register it in DomainEventTypes"));
        byStoredType.put(storedName, counter);
    }

    @Override
    public void accept(List<NewEvent> events) {
        for (NewEvent event : events) {
            Counter counter = byStoredType.get(event.type());
            if (counter != null) {
                counter.increment();
            }
        }
    }
}
