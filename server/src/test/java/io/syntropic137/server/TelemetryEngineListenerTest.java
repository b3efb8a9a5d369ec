package io.syntropic137.server;

import io.syntropic137.domain.shared.TokenUsage;
import io.syntropic137.observability.BufferSettings;
import io.syntropic137.observability.PriceTable;
import io.syntropic137.observability.TelemetryPipeline;
import io.syntropic137.observability.sqlite.SqliteTelemetryStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** What the engine reports about running agents lands in the telemetry store, queryable per session and execution. */
class TelemetryEngineListenerTest {
    @Test
    void toolCallsAndModelUsageBecomeTelemetry(@TempDir Path dir) throws Exception {
        try (var pipeline = new TelemetryPipeline(SqliteTelemetryStore.open(dir.resolve("t.db")), BufferSettings.defaults(),
                PriceTable.defaults(), Duration.ofDays(90), Clock.systemUTC())) {
            var listener = new TelemetryEngineListener(pipeline, Clock.systemUTC());
            listener.toolStarted("ex-1", "plan", "ex-1.plan.1.1", "toolu_1", "Bash", "{}");
            listener.toolFinished("ex-1", "plan", "ex-1.plan.1.1", "toolu_1", "Bash", true, "ok");
            listener.usage("ex-1", "plan", "ex-1.plan.1.1", "sonnet", new TokenUsage(100, 20, 0, 0), new BigDecimal("0.01"));
            listener.usage("ex-1", "plan", "ex-1.plan.1.1", "sonnet", new TokenUsage(50, 10, 0, 0), new BigDecimal("0.02"));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (pipeline.store().count() < 4 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(pipeline.store().count()).isEqualTo(4);
            assertThat(pipeline.queries().toolTimeline("ex-1.plan.1.1")).hasSize(1);
            var cost = pipeline.queries().executionCost("ex-1");
            assertThat(cost.tokens().input()).isEqualTo(150);
            assertThat(cost.tokens().output()).isEqualTo(30);
            assertThat(pipeline.queries().toolTimeline("ex-1.plan.1.1").getFirst().status()).isEqualTo(io.syntropic137.observability.ToolCall.Status.COMPLETED);
        }
    }
}
