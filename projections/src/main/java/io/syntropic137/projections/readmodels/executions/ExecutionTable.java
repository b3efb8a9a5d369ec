package io.syntropic137.projections.readmodels.executions;

import com.fasterxml.jackson.core.type.TypeReference;
import io.syntropic137.domain.orchestration.ExecutionStatus;
import io.syntropic137.domain.orchestration.YieldPoint;
import io.syntropic137.domain.shared.TokenUsage;
import io.syntropic137.projections.readmodels.support.Binder;
import io.syntropic137.projections.readmodels.support.CachedReads;
import io.syntropic137.projections.readmodels.support.Column;
import io.syntropic137.projections.readmodels.support.RowReader;
import io.syntropic137.projections.readmodels.support.RowTable;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.syntropic137.projections.readmodels.support.Column.number;
import static io.syntropic137.projections.readmodels.support.Column.optionalNumber;
import static io.syntropic137.projections.readmodels.support.Column.optionalText;
import static io.syntropic137.projections.readmodels.support.Column.text;

/** {@code execution}: one row per execution; serves the list, the detail header, control state and costs. */
final class ExecutionTable extends RowTable<String, ExecutionTable.Row> {
    static final ExecutionTable INSTANCE = new ExecutionTable();
    static final String NAME = "execution";

    static final class Row {
        String executionId;
        String templateId;
        ExecutionStatus status;
        String task;
        List<String> repos;
        Map<String, String> inputs;
        int phaseCount;
        int phasesCompleted;
        String currentPhaseId;
        int attempt;
        boolean pauseRequested;
        String pauseReason;
        YieldPoint yieldPoint;
        String error;
        String cancelReason;
        String interruptReason;
        Instant startedAt;
        Instant updatedAt;
        Instant finishedAt;
        TokenUsage tokens = TokenUsage.NONE;
        BigDecimal costUsd = BigDecimal.ZERO;
        int artifactCount;
    }

    private ExecutionTable() {
        super(NAME, Column.of(text("execution_id"), text("template_id"), text("status"), text("task"), text("repos"),
                text("inputs"), number("phase_count"), number("phases_completed"), optionalText("current_phase_id"),
                number("attempt"), number("pause_requested"), optionalText("pause_reason"), optionalText("yield_point"),
                optionalText("error"), optionalText("cancel_reason"), optionalText("interrupt_reason"),
                number("started_at"), number("updated_at"), optionalNumber("finished_at"), Column.tokens(""),
                text("cost_usd"), number("artifact_count")), 1,
                List.of(List.of("started_at", "execution_id"), List.of("status", "started_at", "execution_id"),
                        List.of("template_id", "started_at", "execution_id")));
    }

    @Override
    protected void bindKey(Binder b, String key) throws SQLException {
        b.text(key);
    }

    @Override
    protected void bindRow(Binder b, Row r) throws SQLException {
        b.text(r.executionId).text(r.templateId).name(r.status).text(r.task).text(CachedReads.json(r.repos))
                .text(CachedReads.json(r.inputs)).number(r.phaseCount).number(r.phasesCompleted).text(r.currentPhaseId)
                .number(r.attempt).bool(r.pauseRequested).text(r.pauseReason).name(r.yieldPoint).text(r.error)
                .text(r.cancelReason).text(r.interruptReason).instant(r.startedAt).instant(r.updatedAt)
                .instant(r.finishedAt).tokens(r.tokens).money(r.costUsd).number(r.artifactCount);
    }

    @Override
    protected Row read(RowReader in) throws SQLException {
        Row r = new Row();
        r.executionId = in.text();
        r.templateId = in.text();
        r.status = in.name(ExecutionStatus.class);
        r.task = in.text();
        r.repos = CachedReads.fromJson(in.text(), new TypeReference<List<String>>() {
        });
        r.inputs = CachedReads.fromJson(in.text(), new TypeReference<Map<String, String>>() {
        });
        r.phaseCount = in.integer();
        r.phasesCompleted = in.integer();
        r.currentPhaseId = in.text();
        r.attempt = in.integer();
        r.pauseRequested = in.bool();
        r.pauseReason = in.text();
        r.yieldPoint = in.name(YieldPoint.class);
        r.error = in.text();
        r.cancelReason = in.text();
        r.interruptReason = in.text();
        r.startedAt = in.instant();
        r.updatedAt = in.instant();
        r.finishedAt = in.instant();
        r.tokens = in.tokens();
        r.costUsd = in.money();
        r.artifactCount = in.integer();
        return r;
    }
}
