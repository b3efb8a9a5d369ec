package io.syntropic137.projections.readmodels.support;

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

    Object committed(Object key) {
        return committed.get(key);
    }

    void keep(Object key, Object row) {
        committed.put(key, row);
    }

    void drop(Object key) {
        committed.remove(key);
    }
}
