package io.syntropic137.projections.readmodels.triggers;

import io.syntropic137.projections.readmodels.support.Binder;
import io.syntropic137.projections.readmodels.support.Column;
import io.syntropic137.projections.readmodels.support.RowReader;
import io.syntropic137.projections.readmodels.support.RowTable;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

import static io.syntropic137.projections.readmodels.support.Column.number;
import static io.syntropic137.projections.readmodels.support.Column.optionalNumber;
import static io.syntropic137.projections.readmodels.support.Column.optionalText;
import static io.syntropic137.projections.readmodels.support.Column.text;

/**
 * {@code trigger_history}: what happened to each trigger, one row per event, keyed by the event's global
 * position (unique, and stable across rebuilds), which also orders it.
 */
final class TriggerHistoryTable extends RowTable<Long, TriggerHistoryTable.Row> {
    static final TriggerHistoryTable INSTANCE = new TriggerHistoryTable();
    static final String NAME = "trigger_history";

    static final class Row {
        long position;
        String triggerId;
        String kind;
        String deliveryId;
        String executionId;
        Long pullRequest;
        String guard;
        String reason;
        Instant at;
    }

    private TriggerHistoryTable() {
        super(NAME, Column.of(number("position"), text("trigger_id"), text("kind"), optionalText("delivery_id"),
                optionalText("execution_id"), optionalNumber("pull_request"), optionalText("guard"), optionalText("reason"),
                number("at")), 1, List.of(List.of("trigger_id", "position")));
    }

    @Override
    protected void bindKey(Binder b, Long key) throws SQLException {
        b.number(key);
    }

    @Override
    protected void bindRow(Binder b, Row r) throws SQLException {
        b.number(r.position).text(r.triggerId).text(r.kind).text(r.deliveryId).text(r.executionId).optionalNumber(r.pullRequest)
                .text(r.guard).text(r.reason).instant(r.at);
    }

    @Override
    protected Row read(RowReader in) throws SQLException {
        Row r = new Row();
        r.position = in.number();
        r.triggerId = in.text();
        r.kind = in.text();
        r.deliveryId = in.text();
        r.executionId = in.text();
        r.pullRequest = in.optionalNumber();
        r.guard = in.text();
        r.reason = in.text();
        r.at = in.instant();
        return r;
    }
}
