package io.syntropic137.projections.readmodels.sessions;

import com.fasterxml.jackson.core.type.TypeReference;
import io.syntropic137.domain.sessions.SessionStatus;
import io.syntropic137.domain.shared.TokenUsage;
import io.syntropic137.projections.readmodels.support.Binder;
import io.syntropic137.projections.readmodels.support.CachedReads;
import io.syntropic137.projections.readmodels.support.Page;
import io.syntropic137.projections.readmodels.support.PageRequest;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Session list (by execution, status, model; newest first) and detail; cost per session and per model. */
public final class SessionQueries {
    /** Narrows the session list; a null field does not filter. */
    public record Filter(String executionId, SessionStatus status, String model) {
        public static final Filter ALL = new Filter(null, null, null);
    }

    public record ModelCost(String model, long sessions, long running, long completed, long failed, long cancelled,
                            TokenUsage tokens, BigDecimal costUsd) {
        static ModelCost of(ModelCostTable.Row r) {
            return new ModelCost(r.model, r.sessions, r.running, r.completed, r.failed, r.cancelled, r.tokens, r.costUsd);
        }
    }

    private static final String NAME = SessionsProjection.NAME;
    private final CachedReads reads;

    public SessionQueries(CachedReads reads) {
        this.reads = reads;
    }

    public Page<SessionView> list(Filter filter, PageRequest page) {
        return reads.get(NAME, "list/" + filter + "/" + page.cacheKey(), new TypeReference<Page<SessionView>>() {
        }, (tables, c) -> {
            StringBuilder sql = new StringBuilder("SELECT " + SessionTable.INSTANCE.columnList() + " FROM "
                    + tables.of(SessionTable.NAME) + " WHERE 1 = 1");
            if (filter.executionId() != null) {
                sql.append(" AND execution_id = ?");
            }
            if (filter.status() != null) {
                sql.append(" AND status = ?");
            }
            if (filter.model() != null) {
                sql.append(" AND model = ?");
            }
            sql.append(" ORDER BY started_at DESC, session_id DESC LIMIT ? OFFSET ?");
            try (PreparedStatement s = c.prepareStatement(sql.toString())) {
                Binder b = new Binder(s);
                if (filter.executionId() != null) {
                    b.text(filter.executionId());
                }
                if (filter.status() != null) {
                    b.name(filter.status());
                }
                if (filter.model() != null) {
                    b.text(filter.model());
                }
                b.number(page.limit() + 1L).number(page.offset());
                return Page.fromOffset(read(s), page);
            }
        });
    }

    public Optional<SessionView> detail(String sessionId) {
        return Optional.ofNullable(reads.get(NAME, "detail/" + sessionId, new TypeReference<SessionView>() {
        }, (tables, c) -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + SessionTable.INSTANCE.columnList() + " FROM "
                    + tables.of(SessionTable.NAME) + " WHERE session_id = ?")) {
                s.setString(1, sessionId);
                List<SessionView> rows = read(s);
                return rows.isEmpty() ? null : rows.getFirst();
            }
        }));
    }

    /** Cost per model, most expensive first; the all-model totals are {@link #totals}. */
    public List<ModelCost> costByModel() {
        return reads.get(NAME, "model-cost", new TypeReference<List<ModelCost>>() {
        }, (tables, c) -> {
            List<ModelCost> rows = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT " + ModelCostTable.INSTANCE.columnList() + " FROM "
                    + tables.of(ModelCostTable.NAME) + " WHERE model <> ?")) {
                s.setString(1, ModelCostTable.ALL);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        rows.add(ModelCost.of(ModelCostTable.INSTANCE.readRow(rs)));
                    }
                }
            }
            rows.sort((a, b) -> b.costUsd().compareTo(a.costUsd()) != 0 ? b.costUsd().compareTo(a.costUsd())
                    : a.model().compareTo(b.model()));
            return rows;
        });
    }

    /** Totals over every session (model null). */
    public ModelCost totals() {
        return reads.get(NAME, "totals", new TypeReference<ModelCost>() {
        }, (tables, c) -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + ModelCostTable.INSTANCE.columnList() + " FROM "
                    + tables.of(ModelCostTable.NAME) + " WHERE model = ?")) {
                s.setString(1, ModelCostTable.ALL);
                try (ResultSet rs = s.executeQuery()) {
                    ModelCost all = rs.next() ? ModelCost.of(ModelCostTable.INSTANCE.readRow(rs))
                            : new ModelCost(null, 0, 0, 0, 0, 0, TokenUsage.NONE, BigDecimal.ZERO);
                    return new ModelCost(null, all.sessions(), all.running(), all.completed(), all.failed(), all.cancelled(),
                            all.tokens(), all.costUsd());
                }
            }
        });
    }

    private static List<SessionView> read(PreparedStatement s) throws SQLException {
        List<SessionView> rows = new ArrayList<>();
        try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                rows.add(SessionView.of(SessionTable.INSTANCE.readRow(rs)));
            }
        }
        return rows;
    }

    /** Ids starting with {@code prefix}, in order, at most {@code limit} (short ids users type). */
    public List<String> idsStartingWith(String prefix, int limit) {
        return io.syntropic137.projections.readmodels.support.IdPrefixes.find(reads, SessionsProjection.NAME, SessionTable.NAME, "session_id", prefix, limit);
    }
}
