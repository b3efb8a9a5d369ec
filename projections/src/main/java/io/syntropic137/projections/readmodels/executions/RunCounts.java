package io.syntropic137.projections.readmodels.executions;

/**
 * How runs ended. {@code successRate} is completed / (completed + failed + cancelled), null before any run
 * finished; interrupted runs are left out because they can still be retried.
 */
public record RunCounts(long started, long completed, long failed, long cancelled, long interrupted, Double successRate) {

    static RunCounts of(OutcomeCounts c) {
        long finished = c.completed + c.failed + c.cancelled;
        return new RunCounts(c.started, c.completed, c.failed, c.cancelled, c.interrupted,
                finished == 0 ? null : (double) c.completed / finished);
    }
}
