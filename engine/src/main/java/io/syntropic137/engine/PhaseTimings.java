package io.syntropic137.engine;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.List;

/** Engine time per completed phase (everything but the agent) and agent time, for the overhead benchmark and metrics. */
public final class PhaseTimings {
    private final ConcurrentLinkedQueue<long[]> samples = new ConcurrentLinkedQueue<>();

    /**
     * @param waitBeforeNanos how long the execution waited for an engine work permit before the phase started
     * @param waitAfterNanos  how long the phase waited for a permit once its agent had returned (part of engineNanos)
     */
    void record(long engineNanos, long agentNanos, long waitBeforeNanos, long waitAfterNanos) {
        samples.add(new long[]{engineNanos, agentNanos, waitBeforeNanos, waitAfterNanos});
    }

    /** Engine overhead and, within it, the wait for a permit after the agent, per completed phase: {engine, wait}. */
    public List<long[]> engineAndWaitAfterNanos() {
        return samples.stream().map(s -> new long[]{s[0], s[3]}).toList();
    }

    /** Engine overhead of each completed phase, in nanoseconds. */
    public List<Long> engineNanos() {
        return samples.stream().map(s -> s[0]).toList();
    }

    public List<Long> agentNanos() {
        return samples.stream().map(s -> s[1]).toList();
    }

    /** Time each completed phase's execution waited for an engine work permit before the phase started. */
    public List<Long> waitBeforeNanos() {
        return samples.stream().map(s -> s[2]).toList();
    }

    public void clear() {
        samples.clear();
    }
}
