package io.syntropic137.projections.readmodels.support;

import io.syntropic137.application.codec.EventCodec;
import io.syntropic137.domain.organization.OrganizationEvent;
import io.syntropic137.domain.shared.DomainEvent;
import io.syntropic137.eventstore.EventFilter;
import io.syntropic137.eventstore.EventMetadata;
import io.syntropic137.eventstore.RecordedEvent;
import io.syntropic137.projections.ProjectionTables;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A generation building alone from empty tables keeps the rows it finds again as it wrote them, and the next batch
 * changes those very objects: after a batch that changed one and rolled back, the retry must count from the
 * table, not from the changed object.
 */
class DomainProjectionRollbackTest {
    private static final EventCodec CODEC = EventCodec.standard();
    private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");

    /** Counts the updates of each organization; an update named "fail" fails once its count has moved. */
    static final class UpdateCounts extends DomainProjection {
        private final RowsTest.Pairs pairs;
        boolean failOnce = true;

        UpdateCounts(RowsTest.Pairs pairs) {
            super(CODEC, "counts", 1, EventFilter.ALL, List.of(pairs));
            this.pairs = pairs;
        }

        @Override
        protected Fold begin(ProjectionTables tables, Connection connection) {
            Rows<String, String[]> counts = pairs.rows(tables, connection);
            return new Fold() {
                @Override
                public void apply(DomainEvent event, RecordedEvent recorded) throws SQLException {
                    OrganizationEvent.OrganizationUpdated updated = (OrganizationEvent.OrganizationUpdated) event;
                    String[] row = counts.getOrCreate(updated.organizationId(), () -> new String[]{updated.organizationId(), "0"});
                    row[1] = Integer.toString(Integer.parseInt(row[1]) + 1);
                    if (updated.name().equals("fail") && failOnce) {
                        failOnce = false;
                        throw new SQLException("failing once after changing the row");
                    }
                }

                @Override
                public void flush() throws SQLException {
                    counts.flush();
                }
            };
        }
    }

    private final RowsTest.Pairs pairs = new RowsTest.Pairs();
    private final ProjectionTables tables = new ProjectionTables("counts", 1);
    private final UpdateCounts projection = new UpdateCounts(pairs);
    private Connection c;
    private long position;

    @BeforeEach
    void open() throws SQLException {
        c = DriverManager.getConnection("jdbc:sqlite::memory:");
        c.setAutoCommit(false);
        projection.createTables(tables, c, null);
        c.commit();
        projection.startedEmpty(tables);
    }

    @AfterEach
    void close() throws SQLException {
        c.close();
    }

    @Test
    void aRetryAfterARolledBackBatchCountsFromTheTable() throws SQLException {
        batch(update("o1", "first"));
        batch(update("o1", "second")); // found again: kept as written (count 2)
        assertThat(count("o1")).isEqualTo("2");

        List<RecordedEvent> failing = List.of(update("o1", "fail"));
        assertThatThrownBy(() -> projection.prepare(failing).apply(tables, c)).isInstanceOf(SQLException.class);
        c.rollback();
        projection.rolledBack(tables); // what the runner does before it retries

        projection.prepare(failing).apply(tables, c);
        c.commit();
        assertThat(count("o1")).isEqualTo("3");
    }

    private void batch(RecordedEvent event) throws SQLException {
        projection.prepare(List.of(event)).apply(tables, c);
        c.commit();
    }

    private RecordedEvent update(String organization, String name) {
        EventCodec.Encoded encoded = CODEC.encode(new OrganizationEvent.OrganizationUpdated(organization, name, AT));
        position++;
        return new RecordedEvent(UUID.randomUUID(), "organization-" + organization, position, position, encoded.type(),
                encoded.schemaVersion(), encoded.json(), new EventMetadata(null, null, null, AT));
    }

    private String count(String key) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT v FROM " + tables.of("pairs") + " WHERE k = '" + key + "'")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
