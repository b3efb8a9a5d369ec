package io.syntropic137.observability;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Everything telemetry needs at run time, owned together: the store, the buffer in front of it, the queries,
 * and an hourly housekeeping job (partitions ahead, retention). Closing flushes the buffer before the store
 * closes.
 */
public final class TelemetryPipeline implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TelemetryPipeline.class);
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(90);

    private final TelemetryStore store;
    private final TelemetryBuffer buffer;
    private final TelemetryQueries queries;
    private final TelemetryValidator validator = new TelemetryValidator();
    private final Duration retention;
    private final Clock clock;
    private final PriceTable prices;
    private final ScheduledExecutorService housekeeping;

    public TelemetryPipeline(TelemetryStore store, BufferSettings bufferSettings, PriceTable prices, Duration retention, Clock clock) {
        this.store = store;
        this.retention = retention;
        this.clock = clock;
        this.buffer = new TelemetryBuffer(store, bufferSettings);
        this.queries = new TelemetryQueries(store, prices);
        this.prices = prices;
        this.housekeeping = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("telemetry-housekeeping").daemon(true).unstarted(r));
        housekeeping.scheduleWithFixedDelay(this::houseKeepSafely, 1, 60, TimeUnit.MINUTES);
    }

    private void houseKeepSafely() {
        try {
            houseKeep();
        } catch (RuntimeException e) {
            // the next run tries again; a scheduled task that throws would never run again
            LOG.error("telemetry housekeeping failed", e);
        }
    }

    /** Creates the coming partitions and drops what is older than the retention; returns what was dropped. */
    public RetentionResult houseKeep() {
        store.prepareFor(LocalDate.now(clock.withZone(ZoneOffset.UTC)));
        RetentionResult result = store.dropOlderThan(clock.instant().minus(retention));
        if (!result.droppedPartitions().isEmpty() || result.deletedRows() > 0) {
            LOG.info("telemetry retention ({} days): dropped {} partitions, {} rows", retention.toDays(),
                    result.droppedPartitions().size(), Math.max(result.deletedRows(), 0));
        }
        return result;
    }

    public TelemetryValidator validator() {
        return validator;
    }

    public TelemetryBuffer buffer() {
        return buffer;
    }

    public TelemetryQueries queries() {
        return queries;
    }

    /** The prices costs are computed with (for callers that price usage a runtime reported without a cost). */
    public PriceTable prices() {
        return prices;
    }

    public TelemetryStore store() {
        return store;
    }

    @Override
    public void close() {
        housekeeping.shutdownNow();
        try {
            buffer.close();
        } finally {
            store.close();
        }
    }
}
