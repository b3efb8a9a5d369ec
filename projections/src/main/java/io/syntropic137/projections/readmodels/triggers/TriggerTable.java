package io.syntropic137.projections.readmodels.triggers;

import com.fasterxml.jackson.core.type.TypeReference;
import io.syntropic137.domain.github.SafetyConfig;
import io.syntropic137.domain.github.TriggerCondition;
import io.syntropic137.domain.github.TriggerStatus;
import io.syntropic137.projections.readmodels.support.Binder;
import io.syntropic137.projections.readmodels.support.CachedReads;
import io.syntropic137.projections.readmodels.support.Column;
import io.syntropic137.projections.readmodels.support.JsonMemo;
import io.syntropic137.projections.readmodels.support.RowReader;
import io.syntropic137.projections.readmodels.support.RowTable;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.syntropic137.projections.readmodels.support.Column.number;
import static io.syntropic137.projections.readmodels.support.Column.optionalNumber;
import static io.syntropic137.projections.readmodels.support.Column.optionalText;
import static io.syntropic137.projections.readmodels.support.Column.text;

/**
 * {@code trigger_index}: one row per trigger rule, indexed by (repository, event, status) because that is how
 * an incoming webhook finds the rules it may fire.
 */
final class TriggerTable extends RowTable<String, TriggerTable.Row> {
    static final TriggerTable INSTANCE = new TriggerTable();
    static final String NAME = "trigger_index";

    static final class Row {
        String triggerId;
        String name;
        String event;
        String repository;
        String workflowId;
        TriggerStatus status;
        String pauseReason;
        List<TriggerCondition> conditions;
        Map<String, String> inputMapping;
        SafetyConfig safety;
        long fireCount;
        long blockedCount;
        Instant lastFiredAt;
        Instant createdAt;
        Instant updatedAt;
        // the rules rarely change while the counters move with every firing: their JSON is kept (JsonMemo)
        final JsonMemo conditionsJson = new JsonMemo();
        final JsonMemo inputMappingJson = new JsonMemo();
        final JsonMemo safetyJson = new JsonMemo();
    }

    private TriggerTable() {
        super(NAME, Column.of(text("trigger_id"), text("name"), text("event"), text("repository"), text("workflow_id"),
                text("status"), optionalText("pause_reason"), text("conditions"), text("input_mapping"), text("safety"),
                number("fire_count"), number("blocked_count"), optionalNumber("last_fired_at"), number("created_at"),
                number("updated_at")), 1, List.of(List.of("repository", "event", "status"), List.of("workflow_id")));
    }

    @Override
    protected void bindKey(Binder b, String key) throws SQLException {
        b.text(key);
    }

    @Override
    protected void bindRow(Binder b, Row r) throws SQLException {
        b.text(r.triggerId).text(r.name).text(r.event).text(r.repository).text(r.workflowId).name(r.status)
                .text(r.pauseReason).text(r.conditionsJson.of(r.conditions)).text(r.inputMappingJson.of(r.inputMapping))
                .text(r.safetyJson.of(r.safety)).number(r.fireCount).number(r.blockedCount).instant(r.lastFiredAt)
                .instant(r.createdAt).instant(r.updatedAt);
    }

    @Override
    protected Row read(RowReader in) throws SQLException {
        Row r = new Row();
        r.triggerId = in.text();
        r.name = in.text();
        r.event = in.text();
        r.repository = in.text();
        r.workflowId = in.text();
        r.status = in.name(TriggerStatus.class);
        r.pauseReason = in.text();
        String conditions = in.text();
        r.conditions = r.conditionsJson.read(CachedReads.fromJson(conditions, new TypeReference<List<TriggerCondition>>() {
        }), conditions);
        String inputMapping = in.text();
        r.inputMapping = r.inputMappingJson.read(CachedReads.fromJson(inputMapping, new TypeReference<Map<String, String>>() {
        }), inputMapping);
        String safety = in.text();
        r.safety = r.safetyJson.read(CachedReads.fromJson(safety, new TypeReference<SafetyConfig>() {
        }), safety);
        r.fireCount = in.number();
        r.blockedCount = in.number();
        r.lastFiredAt = in.instant();
        r.createdAt = in.instant();
        r.updatedAt = in.instant();
        return r;
    }
}
