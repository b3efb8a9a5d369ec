package io.syntropic137.application.codec;

import io.syntropic137.domain.Aggregates;
import io.syntropic137.domain.orchestration.ExecutionEvent;
import io.syntropic137.domain.orchestration.WorkflowExecution;
import io.syntropic137.domain.shared.DomainEvent;
import io.syntropic137.eventstore.EventMetadata;
import io.syntropic137.eventstore.RecordedEvent;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventCodecTest {

    private final EventCodec codec = EventCodec.standard();

    @Test
    void everyDomainEventHasAStoredNameAndNothingElseIsRegistered() {
        List<Class<?>> domainEvents = DomainCatalog.eventClasses();
        assertThat(domainEvents).hasSizeGreaterThan(50);
        List<Class<?>> registered = codec.registry().all().stream().<Class<?>>map(EventTypeRegistry.EventType::javaType).toList();
        assertThat(registered).containsExactlyInAnyOrderElementsOf(domainEvents);
    }

    @TestFactory
    Stream<DynamicTest> everyEventSurvivesAJsonRoundTrip() {
        return DomainCatalog.eventClasses().stream().map(type -> DynamicTest.dynamicTest(type.getSimpleName(), () -> {
            DomainEvent event = (DomainEvent) SampleValues.record(type);
            EventCodec.Encoded encoded = codec.encode(event);
            assertThat(encoded.json()).startsWith("{").doesNotContain("null");
            RecordedEvent stored = new RecordedEvent(UUID.randomUUID(), "s-1", 1, 1, encoded.type(), encoded.schemaVersion(),
                    encoded.json(), new EventMetadata(null, null, null, Instant.now()));
            assertThat(codec.decode(stored)).isEqualTo(event);
        }));
    }

    @Test
    void aggregateStatesSurviveAJsonRoundTripForSnapshots() {
        for (var type : Aggregates.ALL) {
            Object state = SampleValues.record(type.stateType());
            String json = codec.json().write(state);
            assertThat(codec.json().read(json, type.stateType())).as(type.name()).isEqualTo(state);
        }
    }

    @Test
    void convenienceMethodsAreNotWrittenAsFields() {
        String json = codec.json().write(WorkflowExecution.NOT_STARTED);
        assertThat(json).doesNotContain("nextPhase");
    }

    @Test
    void unknownTypesAndVersionsAreReportedNotGuessed() {
        var started = (ExecutionEvent) SampleValues.record(ExecutionEvent.ExecutionStarted.class);
        EventCodec.Encoded encoded = codec.encode(started);
        var wrongVersion = new RecordedEvent(UUID.randomUUID(), "s", 1, 1, encoded.type(), 2, encoded.json(),
                new EventMetadata(null, null, null, Instant.now()));
        assertThatThrownBy(() -> codec.decode(wrongVersion)).hasMessageContaining("upcaster");
        var unknown = new RecordedEvent(UUID.randomUUID(), "s", 1, 1, "Nope", 1, "{}", new EventMetadata(null, null, null, Instant.now()));
        assertThatThrownBy(() -> codec.decode(unknown)).hasMessageContaining("unknown type 'Nope'");
    }
}
