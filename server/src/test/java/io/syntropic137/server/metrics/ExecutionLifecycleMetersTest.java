package io.syntropic137.server.metrics;

import io.micrometer.core.instrument.search.RequiredSearch;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.syntropic137.application.codec.EventTypeRegistry;
import io.syntropic137.domain.orchestration.ExecutionEvent;
import io.syntropic137.eventstore.NewEvent;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The counters follow the stored names of the domain's events (retries and interruptions need a restart over HTTP). */
class ExecutionLifecycleMetersTest {
    private static final EventTypeRegistry TYPES = io.syntropic137.application.codec.EventCodec.standard().registry();

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ExecutionLifecycleMeters meters = new ExecutionLifecycleMeters(registry, TYPES);

    private static NewEvent stored(Class<? extends ExecutionEvent> type) {
        return NewEvent.of(TYPES.forClass(type).orElseThrow().name(), "{}");
    }

    private double count(String name, String... tags) {
        return RequiredSearch.in(registry).name(name).tags(tags).counter().count();
    }

    @Test
    void eachStoredLifecycleEventCountsOnceAndOtherEventsNotAtAll() {
        meters.accept(List.of(stored(ExecutionEvent.ExecutionStarted.class), stored(ExecutionEvent.PhaseStarted.class),
                stored(ExecutionEvent.PhaseCompleted.class), stored(ExecutionEvent.ExecutionInterrupted.class)));
        meters.accept(List.of(stored(ExecutionEvent.ExecutionRetried.class), stored(ExecutionEvent.PhaseCompleted.class),
                stored(ExecutionEvent.ExecutionCompleted.class)));
        meters.accept(List.of(NewEvent.of("SomethingElse", "{}")));

        assertThat(count("syn.executions.started")).isEqualTo(1);
        assertThat(count("syn.executions.retried")).isEqualTo(1);
        assertThat(count("syn.phases.completed")).isEqualTo(2);
        assertThat(count("syn.executions.finished", "outcome", "interrupted")).isEqualTo(1);
        assertThat(count("syn.executions.finished", "outcome", "completed")).isEqualTo(1);
        assertThat(count("syn.executions.finished", "outcome", "failed")).isZero();
        assertThat(count("syn.executions.finished", "outcome", "cancelled")).isZero();
    }
}
