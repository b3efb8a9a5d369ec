package io.syntropic137.eventstore.support;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The group-commit writer's memory of stream versions, so a batch does not look up every stream it touches.
 * It stays true across processes: under the ordering lock the writer compares the store's head with the head
 * after its own last batch, and applies whatever streams other writers changed in between before trusting it.
 * Not thread-safe: only the writer thread uses it.
 */
public final class StreamVersionCache {
    private final Map<String, Long> versions;
    /** The head right after this writer's last committed batch; -1 when nothing is known. */
    private long head = -1;

    public StreamVersionCache(int maxStreams) {
        this.versions = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
                return size() > maxStreams;
            }
        };
    }

    public long head() {
        return head;
    }

    /** Streams whose version must be read from storage. */
    public Set<String> missing(Collection<String> streamIds) {
        if (head < 0) {
            return new LinkedHashSet<>(streamIds);
        }
        Set<String> missing = new LinkedHashSet<>();
        for (String id : streamIds) {
            if (!versions.containsKey(id)) {
                missing.add(id);
            }
        }
        return missing;
    }

    /**
     * Brings the cache up to the store's head: {@code changedElsewhere} holds the streams written after
     * {@code knownHead} by others, {@code looked} the versions just read (0 = no events).
     */
    public void refresh(long knownHead, long currentHead, Map<String, Long> changedElsewhere, Map<String, Long> looked) {
        if (knownHead < 0) {
            versions.clear();
        }
        versions.putAll(changedElsewhere);
        versions.putAll(looked);
        head = currentHead;
    }

    /** The versions the planner needs for these streams (missing = no events). */
    public Map<String, Long> snapshotFor(Collection<String> streamIds) {
        Map<String, Long> result = new HashMap<>();
        for (String id : streamIds) {
            Long version = versions.get(id);
            if (version != null && version > 0) {
                result.put(id, version);
            }
        }
        return result;
    }

    /** Records what a committed batch wrote. */
    public void committed(AppendPlanner.Plan plan) {
        for (AppendPlanner.Row row : plan.rows()) {
            versions.put(row.streamId(), row.streamVersion());
            head = Math.max(head, row.position());
        }
    }

    /** Forget everything, e.g. after a failed transaction whose effect is unknown. */
    public void clear() {
        versions.clear();
        head = -1;
    }
}
