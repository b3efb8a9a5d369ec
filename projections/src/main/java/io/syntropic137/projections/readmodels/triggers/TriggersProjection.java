package io.syntropic137.projections.readmodels.triggers;

import io.syntropic137.application.StreamIds;
import io.syntropic137.application.codec.EventCodec;
import io.syntropic137.domain.github.TriggerEvent;
import io.syntropic137.domain.github.TriggerEvent.TriggerBlocked;
import io.syntropic137.domain.github.TriggerEvent.TriggerDeleted;
import io.syntropic137.domain.github.TriggerEvent.TriggerFired;
import io.syntropic137.domain.github.TriggerEvent.TriggerPaused;
import io.syntropic137.domain.github.TriggerEvent.TriggerRegistered;
import io.syntropic137.domain.github.TriggerEvent.TriggerResumed;
import io.syntropic137.domain.github.TriggerEvent.TriggerUpdated;
import io.syntropic137.domain.github.TriggerRule;
import io.syntropic137.domain.github.TriggerStatus;
import io.syntropic137.domain.shared.DomainEvent;
import io.syntropic137.eventstore.EventFilter;
import io.syntropic137.eventstore.RecordedEvent;
import io.syntropic137.projections.ProjectionTables;
import io.syntropic137.projections.readmodels.support.DomainProjection;
import io.syntropic137.projections.readmodels.support.Rows;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** The trigger index (rules by repository and event) and each trigger's history, from trigger streams. */
public final class TriggersProjection extends DomainProjection {
    public static final String NAME = "triggers";

    public TriggersProjection(EventCodec codec) {
        super(codec, NAME, 1, EventFilter.streamPrefix(StreamIds.prefix(TriggerRule.TYPE)), List.of(TriggerTable.INSTANCE, TriggerHistoryTable.INSTANCE));
    }

    @Override
    protected Fold begin(ProjectionTables tables, Connection c) {
        Rows<String, TriggerTable.Row> triggers = TriggerTable.INSTANCE.rows(tables, c);
        Rows<Long, TriggerHistoryTable.Row> history = TriggerHistoryTable.INSTANCE.rows(tables, c);
        return new Fold() {
            @Override
            public void apply(DomainEvent domainEvent, RecordedEvent recorded) throws SQLException {
                TriggerEvent event = (TriggerEvent) domainEvent;
                TriggerTable.Row r;
                if (event instanceof TriggerRegistered e) {
                    r = new TriggerTable.Row();
                    r.triggerId = e.triggerId();
                    r.name = e.name();
                    r.event = e.event();
                    r.repository = e.repository();
                    r.workflowId = e.workflowId();
                    r.status = TriggerStatus.ACTIVE;
                    r.conditions = e.conditions();
                    r.inputMapping = e.inputMapping();
                    r.safety = e.safety();
                    r.createdAt = e.at();
                } else {
                    r = triggers.find(event.triggerId()).orElseThrow(() -> new IllegalStateException(
                            "trigger " + event.triggerId() + " has " + recorded.type() + " before it was registered"));
                }
                triggers.put(r.triggerId, r);
                TriggerHistoryTable.Row h = new TriggerHistoryTable.Row();
                h.position = recorded.position();
                h.triggerId = r.triggerId;
                h.kind = recorded.type();
                switch (event) {
                    case TriggerRegistered e -> h.at = e.at();
                    case TriggerUpdated e -> {
                        r.name = e.name();
                        r.workflowId = e.workflowId();
                        r.conditions = e.conditions();
                        r.inputMapping = e.inputMapping();
                        r.safety = e.safety();
                        h.at = e.at();
                    }
                    case TriggerPaused e -> {
                        r.status = TriggerStatus.PAUSED;
                        r.pauseReason = e.reason();
                        h.reason = e.reason();
                        h.at = e.at();
                    }
                    case TriggerResumed e -> {
                        r.status = TriggerStatus.ACTIVE;
                        r.pauseReason = null;
                        h.at = e.at();
                    }
                    case TriggerDeleted e -> {
                        r.status = TriggerStatus.DELETED;
                        h.at = e.at();
                    }
                    case TriggerFired e -> {
                        r.fireCount = e.fireCount();
                        r.lastFiredAt = e.at();
                        h.deliveryId = e.deliveryId();
                        h.executionId = e.executionId();
                        h.pullRequest = e.pullRequest() == null ? null : e.pullRequest().longValue();
                        h.at = e.at();
                    }
                    case TriggerBlocked e -> {
                        r.blockedCount++;
                        h.deliveryId = e.deliveryId();
                        h.guard = e.guard();
                        h.reason = e.reason();
                        h.pullRequest = e.pullRequest() == null ? null : e.pullRequest().longValue();
                        h.at = e.at();
                    }
                }
                r.updatedAt = h.at;
                history.put(h.position, h);
            }

            @Override
            public void flush() throws SQLException {
                triggers.flush();
                history.flush();
            }
        };
    }
}
