package io.syntropic137.projections.readmodels.executions;

import io.syntropic137.domain.orchestration.ExecutionStatus;
import io.syntropic137.projections.readmodels.support.Binder;
import io.syntropic137.projections.readmodels.support.Column;
import io.syntropic137.projections.readmodels.support.RowReader;

import java.sql.SQLException;
import java.util.List;

import static io.syntropic137.projections.readmodels.support.Column.number;

/**
 * How many runs started and how they ended, shared by repo health, workflow runs and the dashboard. An
 * interrupted run that is retried counts once as interrupted and once more when it finally ends.
 */
final class OutcomeCounts {
    long started;
    long completed;
    long failed;
    long cancelled;
    long interrupted;

    static List<Column> columns() {
        return List.of(number("runs_started"), number("runs_completed"), number("runs_failed"), number("runs_cancelled"),
                number("runs_interrupted"));
    }

    void count(ExecutionStatus reached) {
        switch (reached) {
            case RUNNING -> started++;
            case COMPLETED -> completed++;
            case FAILED -> failed++;
            case CANCELLED -> cancelled++;
            case INTERRUPTED -> interrupted++;
            case NOT_STARTED, PAUSED -> {
                // not an outcome
            }
        }
    }

    void bind(Binder b) throws SQLException {
        b.number(started).number(completed).number(failed).number(cancelled).number(interrupted);
    }

    static OutcomeCounts read(RowReader in) throws SQLException {
        OutcomeCounts c = new OutcomeCounts();
        c.started = in.number();
        c.completed = in.number();
        c.failed = in.number();
        c.cancelled = in.number();
        c.interrupted = in.number();
        return c;
    }
}
