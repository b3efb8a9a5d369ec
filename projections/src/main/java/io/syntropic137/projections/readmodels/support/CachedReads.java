package io.syntropic137.projections.readmodels.support;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.syntropic137.projections.ProjectionManager;
import io.syntropic137.projections.ProjectionTables;
import io.syntropic137.projections.ReadModelDatabase;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * How query services read: through the manager's cache (entries are JSON, dropped by every committed batch of
 * the projection), against the generation of tables that currently serves queries.
 */
public final class CachedReads {
    // shared buffers: queries run on virtual threads, for which Jackson's default per-thread pool never reuses any
    private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder().recyclerPool(JsonRecyclerPools.sharedLockFreePool()).build())
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    @FunctionalInterface
    public interface Query<T> {
        T run(ProjectionTables tables, Connection connection) throws SQLException;
    }

    /** The value last decoded from a cached JSON text, valid while the cache hands out that same text instance. */
    private record Decoded(String json, Object value) {
    }

    private final ProjectionManager manager;
    private final ReadModelDatabase database;
    // the in-process cache returns the very String it stored, so a hit can skip parsing; answers are immutable
    // records, so sharing one decoded instance between callers is safe. Redis hits are new strings and parse.
    private final Cache<String, Decoded> decoded = Caffeine.newBuilder().maximumSize(20_000).build();

    public CachedReads(ProjectionManager manager, ReadModelDatabase database) {
        this.manager = manager;
        this.database = database;
    }

    /** The cached answer of {@code key} for {@code projection}, computed by {@code query} on a miss. */
    public <T> T get(String projection, String key, TypeReference<T> type, Query<T> query) {
        String json = manager.cache().get(projection, key, () -> write(direct(projection, key, query)));
        String memoKey = projection + '\u0000' + key;
        Decoded memo = decoded.getIfPresent(memoKey);
        if (memo != null && memo.json() == json) {
            @SuppressWarnings("unchecked")
            T value = (T) memo.value();
            return value;
        }
        try {
            T value = JSON.readValue(json, type);
            decoded.put(memoKey, new Decoded(json, value));
            return value;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a cached answer of " + key + " does not read back as " + type.getType(), e);
        }
    }

    /** Reads without the cache, e.g. for answers that combine several projections' tables. */
    public <T> T direct(String projection, String key, Query<T> query) {
        ProjectionTables tables = manager.tables(projection);
        try {
            return database.read(c -> query.run(tables, c));
        } catch (SQLException e) {
            throw new QueryFailedException(projection + "/" + key, e);
        }
    }

    public ProjectionManager manager() {
        return manager;
    }

    static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getName() + " as JSON", e);
        }
    }

    /** JSON for columns holding lists or maps (lists and maps of strings are written without Jackson). */
    public static String json(Object value) {
        String text = JsonText.ofStrings(value);
        return text != null ? text : write(value);
    }

    public static <T> T fromJson(String json, TypeReference<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a read-model JSON column does not read as " + type.getType(), e);
        }
    }
}
