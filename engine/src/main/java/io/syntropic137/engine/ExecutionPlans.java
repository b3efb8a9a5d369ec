package io.syntropic137.engine;

import io.syntropic137.application.StreamIds;
import io.syntropic137.application.codec.EventCodec;
import io.syntropic137.domain.orchestration.ExecutionEvent;
import io.syntropic137.domain.orchestration.ExecutionEvent.ExecutionQueued;
import io.syntropic137.domain.orchestration.ExecutionEvent.ExecutionStarted;
import io.syntropic137.domain.orchestration.PhaseDefinition;
import io.syntropic137.domain.orchestration.WorkflowExecution;
import io.syntropic137.domain.orchestration.WorkflowSettings;
import io.syntropic137.eventstore.EventStore;
import io.syntropic137.eventstore.RecordedEvent;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The full plan of an execution (phase definitions, settings, task, inputs), read from the event that started or
 * queued it: the aggregate keeps only what its rules need, the run needs the rest.
 */
final class ExecutionPlans {
    private final EventStore store;
    private final EventCodec codec;
    private final Map<String, Plan> cache = new ConcurrentHashMap<>();

    ExecutionPlans(EventStore store, EventCodec codec) {
        this.store = store;
        this.codec = codec;
    }

    record Plan(String executionId, String templateId, List<PhaseDefinition> definitions, WorkflowSettings settings,
                String task, Map<String, String> inputs, List<String> repos) {

        Optional<PhaseDefinition> phase(String phaseId) {
            return definitions.stream().filter(p -> p.phaseId().equals(phaseId)).findFirst();
        }
    }

    Plan of(String executionId) {
        return cache.computeIfAbsent(executionId, this::read);
    }

    void forget(String executionId) {
        cache.remove(executionId);
    }

    private Plan read(String executionId) {
        for (RecordedEvent recorded : store.readStreamForward(StreamIds.of(WorkflowExecution.TYPE, executionId), 1, 2)) {
            ExecutionEvent event = (ExecutionEvent) codec.decode(recorded);
            if (event instanceof ExecutionStarted e) {
                return new Plan(executionId, e.templateId(), e.definitions(), e.settings(), e.task(), e.inputs(), e.repos());
            }
            if (event instanceof ExecutionQueued e) {
                return new Plan(executionId, e.templateId(), e.definitions(), e.settings(), e.task(), e.inputs(), e.repos());
            }
        }
        throw new IllegalStateException("execution '" + executionId + "' has no ExecutionStarted or ExecutionQueued event");
    }
}
