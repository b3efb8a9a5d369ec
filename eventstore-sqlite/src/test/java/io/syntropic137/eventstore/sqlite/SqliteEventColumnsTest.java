package io.syntropic137.eventstore.sqlite;

import io.syntropic137.eventstore.EventStoreException;
import io.syntropic137.eventstore.RecordedEvent;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqliteEventColumnsTest {
    private static final byte[] DATA = "{\"a\":\"ü\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void metaAndEventIdRoundTrip() {
        UUID id = UUID.randomUUID();
        byte[] meta = SqliteEventColumns.meta(7, 1_732_500_000_123_456L, "corr", null, "actor: 日本");
        RecordedEvent event = SqliteEventColumns.event(42, "s-1", 3, SqliteEventColumns.eventId(id), "T", DATA, meta);
        assertThat(event.eventId()).isEqualTo(id);
        assertThat(event.position()).isEqualTo(42);
        assertThat(event.streamId()).isEqualTo("s-1");
        assertThat(event.streamVersion()).isEqualTo(3);
        assertThat(event.type()).isEqualTo("T");
        assertThat(event.schemaVersion()).isEqualTo(7);
        assertThat(event.data()).isEqualTo("{\"a\":\"ü\"}");
        assertThat(event.metadata().correlationId()).isEqualTo("corr");
        assertThat(event.metadata().causationId()).isNull();
        assertThat(event.metadata().actor()).isEqualTo("actor: 日本");
        assertThat(event.metadata().recordedAt()).isEqualTo(Instant.parse("2024-11-25T02:00:00.123456Z"));
    }

    @Test
    void emptyStringsStayEmptyAndNullsStayNull() {
        byte[] meta = SqliteEventColumns.meta(1, -1, "", null, "");
        RecordedEvent event = SqliteEventColumns.event(1, "s", 1, SqliteEventColumns.eventId(new UUID(0, 0)), "T", DATA, meta);
        assertThat(event.metadata().correlationId()).isEmpty();
        assertThat(event.metadata().causationId()).isNull();
        assertThat(event.metadata().actor()).isEmpty();
        assertThat(event.metadata().recordedAt()).isEqualTo(Instant.parse("1969-12-31T23:59:59.999999Z"));
    }

    @Test
    void corruptColumnsAreReportedWithTheirPosition() {
        byte[] meta = SqliteEventColumns.meta(1, 0, "corr", "cause", "actor");
        byte[] id = SqliteEventColumns.eventId(UUID.randomUUID());
        assertThatThrownBy(() -> SqliteEventColumns.event(9, "s", 1, id, "T", DATA, Arrays.copyOf(meta, meta.length - 1)))
                .isInstanceOf(EventStoreException.class).hasMessageContaining("position 9");
        assertThatThrownBy(() -> SqliteEventColumns.event(9, "s", 1, id, "T", DATA, Arrays.copyOf(meta, meta.length + 1)))
                .isInstanceOf(EventStoreException.class).hasMessageContaining("left over");
        assertThatThrownBy(() -> SqliteEventColumns.event(9, "s", 1, Arrays.copyOf(id, 15), "T", DATA, meta))
                .isInstanceOf(EventStoreException.class).hasMessageContaining("15 bytes");
        assertThatThrownBy(() -> SqliteEventColumns.event(9, "s", 1, id, "T", null, meta))
                .isInstanceOf(EventStoreException.class).hasMessageContaining("data is null");
    }
}
