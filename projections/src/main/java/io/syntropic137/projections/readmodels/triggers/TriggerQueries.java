package io.syntropic137.projections.readmodels.triggers;

import com.fasterxml.jackson.core.type.TypeReference;
import io.syntropic137.domain.github.SafetyConfig;
import io.syntropic137.domain.github.TriggerCondition;
import io.syntropic137.domain.github.TriggerStatus;
import io.syntropic137.projections.readmodels.support.Binder;
import io.syntropic137.projections.readmodels.support.CachedReads;
import io.syntropic137.projections.readmodels.support.Page;
import io.syntropic137.projections.readmodels.support.PageRequest;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Trigger index (list, lookup for a webhook, one rule) and trigger history (newest first). */
public final class TriggerQueries {
    /** A null field does not filter; deleted rules are left out unless their status is asked for. */
    public record Filter(String repository, String workflowId, TriggerStatus status) {
        public static final Filter ALL = new Filter(null, null, null);
    }

    public record TriggerView(String triggerId, String name, String event, String repository, String workflowId,
                              TriggerStatus status, String pauseReason, List<TriggerCondition> conditions,
                              Map<String, String> inputMapping, SafetyConfig safety, long fireCount, long blockedCount,
                              Instant lastFiredAt, Instant createdAt, Instant updatedAt) {
        static TriggerView of(TriggerTable.Row r) {
            return new TriggerView(r.triggerId, r.name, r.event, r.repository, r.workflowId, r.status, r.pauseReason,
                    r.conditions, r.inputMapping, r.safety, r.fireCount, r.blockedCount, r.lastFiredAt, r.createdAt, r.updatedAt);
        }
    }

    /** {@code kind} is the stored event name, e.g. TriggerFired or TriggerBlocked. */
    public record HistoryEntry(long position, String triggerId, String kind, String deliveryId, String executionId,
                               Long pullRequest, String guard, String reason, Instant at) {
        static HistoryEntry of(TriggerHistoryTable.Row r) {
            return new HistoryEntry(r.position, r.triggerId, r.kind, r.deliveryId, r.executionId, r.pullRequest, r.guard,
                    r.reason, r.at);
        }
    }

    private static final String NAME = TriggersProjection.NAME;
    private final CachedReads reads;

    public TriggerQueries(CachedReads reads) {
        this.reads = reads;
    }

    public Page<TriggerView> list(Filter filter, PageRequest page) {
        return reads.get(NAME, "list/" + filter + "/" + page.cacheKey(), new TypeReference<Page<TriggerView>>() {
        }, (tables, c) -> {
            StringBuilder sql = new StringBuilder("SELECT " + TriggerTable.INSTANCE.columnList() + " FROM "
                    + tables.of(TriggerTable.NAME) + " WHERE 1 = 1");
            if (filter.repository() != null) {
                sql.append(" AND repository = ?");
            }
            if (filter.workflowId() != null) {
                sql.append(" AND workflow_id = ?");
            }
            sql.append(filter.status() != null ? " AND status = ?" : " AND status <> 'DELETED'");
            sql.append(" ORDER BY name, trigger_id LIMIT ? OFFSET ?");
            try (PreparedStatement s = c.prepareStatement(sql.toString())) {
                Binder b = new Binder(s);
                if (filter.repository() != null) {
                    b.text(filter.repository());
                }
                if (filter.workflowId() != null) {
                    b.text(filter.workflowId());
                }
                if (filter.status() != null) {
                    b.name(filter.status());
                }
                b.number(page.limit() + 1L).number(page.offset());
                return Page.fromOffset(triggers(s), page);
            }
        });
    }

    /** The active rules a webhook of {@code event} on {@code repository} may fire. */
    public List<TriggerView> matching(String repository, String event) {
        return reads.get(NAME, "matching/" + repository + "/" + event, new TypeReference<List<TriggerView>>() {
        }, (tables, c) -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + TriggerTable.INSTANCE.columnList() + " FROM "
                    + tables.of(TriggerTable.NAME) + " WHERE repository = ? AND event = ? AND status = 'ACTIVE' ORDER BY trigger_id")) {
                s.setString(1, repository);
                s.setString(2, event);
                return triggers(s);
            }
        });
    }

    public Optional<TriggerView> get(String triggerId) {
        return Optional.ofNullable(reads.get(NAME, "get/" + triggerId, new TypeReference<TriggerView>() {
        }, (tables, c) -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + TriggerTable.INSTANCE.columnList() + " FROM "
                    + tables.of(TriggerTable.NAME) + " WHERE trigger_id = ?")) {
                s.setString(1, triggerId);
                List<TriggerView> rows = triggers(s);
                return rows.isEmpty() ? null : rows.getFirst();
            }
        }));
    }

    public Page<HistoryEntry> history(String triggerId, PageRequest page) {
        return reads.get(NAME, "history/" + triggerId + "/" + page.cacheKey(), new TypeReference<Page<HistoryEntry>>() {
        }, (tables, c) -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + TriggerHistoryTable.INSTANCE.columnList() + " FROM "
                    + tables.of(TriggerHistoryTable.NAME) + " WHERE trigger_id = ? ORDER BY position DESC LIMIT ? OFFSET ?")) {
                s.setString(1, triggerId);
                s.setInt(2, page.limit() + 1);
                s.setInt(3, page.offset());
                List<HistoryEntry> rows = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        rows.add(HistoryEntry.of(TriggerHistoryTable.INSTANCE.readRow(rs)));
                    }
                }
                return Page.fromOffset(rows, page);
            }
        });
    }

    private static List<TriggerView> triggers(PreparedStatement s) throws java.sql.SQLException {
        List<TriggerView> rows = new ArrayList<>();
        try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                rows.add(TriggerView.of(TriggerTable.INSTANCE.readRow(rs)));
            }
        }
        return rows;
    }
}
