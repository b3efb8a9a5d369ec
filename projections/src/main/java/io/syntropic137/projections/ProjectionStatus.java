package io.syntropic137.projections;

import java.util.Optional;

/**
 * What health and metrics show for one projection: where it is, how far behind the store, and whether it is
 * stuck on an error (with the position it cannot get past).
 */
public record ProjectionStatus(String name, int version, long generation, State state, long position, long headPosition,
                               Optional<String> lastError, int consecutiveFailures, Optional<Long> rebuildingGeneration,
                               Optional<Long> rebuildPosition) {

    public enum State {
        CATCHING_UP, LIVE, FAILING, STOPPED, WAITING_FOR_REBUILD,
        /** Another node holds the lease and runs it; this node reads its tables and follows its checkpoint. */
        FOLLOWING
    }

    public long lag() {
        return Math.max(0, headPosition - position);
    }
}
