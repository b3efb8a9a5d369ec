package io.syntropic137.eventstore.sqlite;

import io.syntropic137.eventstore.EventMetadata;
import io.syntropic137.eventstore.EventStoreException;
import io.syntropic137.eventstore.RecordedEvent;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * How an event is laid out in the {@code events} table (schema version 2, see {@code V2__compact_events.sql}).
 *
 * <p>Reading is what this shape is for: sqlite-jdbc makes one JNI call per column of every row, and for a text
 * column also wraps the value in a direct buffer and copies it before decoding, so a 10,000-event stream read with
 * one column per envelope field spent most of its time in the driver. The fields no query filters on and that are
 * only ever read together travel in one {@code meta} blob; the event id is its 16 bytes (it keeps its own column
 * for the unique index); {@code type} keeps its own column for type filters. Text is read as bytes and decoded here,
 * which skips the driver's extra buffer.
 *
 * <p>{@code meta}, big-endian: {@code int32 schema_version, int64 recorded_at} (epoch microseconds), then for
 * correlation id, causation id and actor in that order an {@code int32} UTF-8 byte length ({@code -1} = null)
 * followed by the bytes. Public so the benchmark's raw baseline can write rows of exactly this shape.
 */
public final class SqliteEventColumns {
    /** Columns of a stream read: the stream id is the one asked for, so it is not read back. */
    public static final String STREAM_READ = "position, stream_version, event_id, type, data, meta";
    /** Columns of a global read, where each row's stream differs. */
    public static final String ALL_READ = "position, stream_id, stream_version, event_id, type, data, meta";
    public static final String INSERT = "position, stream_id, stream_version, event_id, type, data, meta";

    private static final int NULL_LENGTH = -1;
    private static final int FIXED_BYTES = Integer.BYTES + Long.BYTES + 3 * Integer.BYTES;

    private SqliteEventColumns() {
    }

    public static byte[] eventId(UUID id) {
        return ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()).array();
    }

    public static UUID eventId(byte[] bytes) {
        if (bytes == null || bytes.length != 16) {
            throw new EventStoreException("corrupt event id in the events table: "
                    + (bytes == null ? "null" : bytes.length + " bytes") + " instead of 16");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        return new UUID(buffer.getLong(), buffer.getLong());
    }

    public static byte[] meta(int schemaVersion, long recordedAtMicros, String correlationId, String causationId, String actor) {
        byte[] correlation = utf8(correlationId);
        byte[] causation = utf8(causationId);
        byte[] by = utf8(actor);
        ByteBuffer buffer = ByteBuffer.allocate(FIXED_BYTES + length(correlation) + length(causation) + length(by));
        buffer.putInt(schemaVersion).putLong(recordedAtMicros);
        put(buffer, correlation);
        put(buffer, causation);
        put(buffer, by);
        return buffer.array();
    }

    /** One envelope from its stored columns; {@code type} and {@code data} are the columns' UTF-8 bytes. */
    public static RecordedEvent event(long position, String streamId, long streamVersion, byte[] eventId, String type,
                                      byte[] data, byte[] meta) {
        if (data == null || meta == null) {
            throw new EventStoreException("corrupt event at position " + position + ": " + (data == null ? "data" : "meta")
                    + " is null");
        }
        try {
            ByteBuffer buffer = ByteBuffer.wrap(meta);
            int schemaVersion = buffer.getInt();
            long micros = buffer.getLong();
            String correlationId = string(buffer);
            String causationId = string(buffer);
            String actor = string(buffer);
            if (buffer.hasRemaining()) {
                throw new EventStoreException("corrupt meta of the event at position " + position + ": "
                        + buffer.remaining() + " bytes left over");
            }
            Instant recordedAt = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
            return new RecordedEvent(eventId(eventId), streamId, streamVersion, position, type, schemaVersion,
                    new String(data, StandardCharsets.UTF_8), new EventMetadata(correlationId, causationId, actor, recordedAt));
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new EventStoreException("corrupt meta of the event at position " + position + ": " + e, e);
        }
    }

    /** Decodes UTF-8 column bytes; a null column stays null. */
    public static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    private static String string(ByteBuffer buffer) {
        int length = buffer.getInt();
        if (length == NULL_LENGTH) {
            return null;
        }
        if (length < 0 || length > buffer.remaining()) {
            throw new IllegalArgumentException("string length " + length + " with " + buffer.remaining() + " bytes left");
        }
        String value = new String(buffer.array(), buffer.position(), length, StandardCharsets.UTF_8);
        buffer.position(buffer.position() + length);
        return value;
    }

    private static byte[] utf8(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    private static int length(byte[] bytes) {
        return bytes == null ? 0 : bytes.length;
    }

    private static void put(ByteBuffer buffer, byte[] bytes) {
        if (bytes == null) {
            buffer.putInt(NULL_LENGTH);
        } else {
            buffer.putInt(bytes.length).put(bytes);
        }
    }
}
