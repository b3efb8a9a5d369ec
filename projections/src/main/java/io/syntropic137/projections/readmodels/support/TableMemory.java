package io.syntropic137.projections.readmodels.support;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What one runner knows about one table of a generation it alone has written since the tables were created
 * empty: the keys of every row it wrote (a key not among them cannot exist, so it needs no lookup), and the last
 * committed state of the rows it keeps coming back to (a repo's health, a template's counts, a trigger), so
 * later batches find them without a round trip. Touched only by that runner's thread.
 */
final class TableMemory {
    /** Recently reused rows kept per table; beyond this the least recently used are looked up again. */
    static final int MAX_COMMITTED_ROWS = 10_000;

    /** Keys of every row written; rows written by a batch that rolled back stay (a superset is still exact about absence). */
    final Set<Object> written = new HashSet<>();
    /**
     * Rows found again by a later batch (not created in it), as the last committed batch wrote them. These are
     * the very objects the next batch changes in place, so after a rolled-back batch the whole memory is dropped
     * (DomainProjection#rolledBack).
     */
    private final Map<Object, Object> committed = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Object, Object> eldest) {
            return size() > MAX_COMMITTED_ROWS;
        }
    };

    /**
     * Rows the last batch created, as it wrote them. A run whose events straddle two batches finds its rows here
     * instead of looking them up: without it, each batch looked up a few rows, the lookup's code (bound to a
     * different table each time) made the JIT throw away and recompile the folds it had inlined it into, and on
     * PostgreSQL each lookup was a round trip. Replaced at every batch, so it holds one batch's rows at most.
     */
    private Map<Object, Object> created = new HashMap<>();
    private Map<Object, Object> creating = new HashMap<>();

    Object committed(Object key) {
        Object row = committed.get(key);
        return row != null ? row : created.get(key);
    }

    /** A row the batch found again (not created): kept among the recently reused. */
    void keep(Object key, Object row) {
        committed.put(key, row);
    }

    /** A row the batch created: kept until the next batch, and it replaces whatever was kept under its key. */
    void keepCreated(Object key, Object row) {
        committed.remove(key);
        created.remove(key);
        creating.put(key, row);
    }

    void drop(Object key) {
        committed.remove(key);
        created.remove(key);
        creating.remove(key);
    }

    /** The batch wrote its rows: what it created is what the next batch may find. */
    void endOfBatch() {
        created = creating;
        creating = new HashMap<>();
    }
}
