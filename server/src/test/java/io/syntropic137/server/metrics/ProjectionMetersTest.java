package io.syntropic137.server.metrics;

import io.syntropic137.application.codec.EventCodec;
import io.syntropic137.eventstore.EventStore;
import io.syntropic137.eventstore.ExpectedVersion;
import io.syntropic137.eventstore.NewEvent;
import io.syntropic137.eventstore.sqlite.SqliteEventStore;
import io.syntropic137.eventstore.sqlite.SqliteEventStoreConfig;
import io.syntropic137.projections.ProjectionManager;
import io.syntropic137.projections.cache.InProcessQueryCache;
import io.syntropic137.projections.readmodels.ReadModels;
import io.syntropic137.projections.sqlite.SqliteReadModelDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ProjectionMetersTest {
    @Test
    void aStoreThatCannotAnswerDropsTheProjectionSeriesButNotTheScrape(@TempDir Path dir) throws Exception {
        EventStore store = SqliteEventStore.open(SqliteEventStoreConfig.of(dir.resolve("events.db")));
        // an event no projection knows: the head moves, every projection skips it
        store.append("other-1", ExpectedVersion.any(), List.of(NewEvent.of("SomethingElse", "{}")));
        try (SqliteReadModelDatabase readModels = new SqliteReadModelDatabase(dir.resolve("readmodels.db"));
             ServerMetrics metrics = new ServerMetrics();
             ProjectionManager projections = new ProjectionManager(store, readModels,
                     ReadModels.projections(EventCodec.standard()), 500, new InProcessQueryCache(10))) {
            projections.start();
            ProjectionMeters meters = new ProjectionMeters(projections);
            metrics.bind(meters);
            metrics.beforeScrape(meters::refresh);

            PrometheusText up = PrometheusText.parse(metrics.scrape(Exposition.PROMETHEUS_TEXT));
            assertThat(up.value("syn_eventstore_head_position")).isEqualTo(1);
            assertThat(up.find("syn_projection_position")).hasSize(ReadModels.projections(EventCodec.standard()).size());
            assertThat(up.find("syn_projection_lag_events")).allMatch(s -> s.value() >= 0 && s.value() <= 1);

            store.close();
            PrometheusText down = PrometheusText.parse(metrics.scrape(Exposition.PROMETHEUS_TEXT));
            assertThat(down.find("syn_projection_position")).isEmpty();
            assertThat(down.find("syn_projection_lag_events")).isEmpty();
            assertThat(down.find("syn_eventstore_head_position")).isEmpty();
            assertThat(down.value("jvm_threads_live_threads")).isPositive();
        }
    }
}
