package io.syntropic137.server.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The server's one meter registry (Prometheus) with the JVM and process meters bound. The product's own meters are
 * bound to it by the composition root; parts whose state is costly to read register a refresh that runs once per
 * scrape instead of once per series.
 */
public final class ServerMetrics implements AutoCloseable {
    /** Model names come from agent runtimes: bounded here so a misbehaving runtime cannot flood the registry. */
    static final int MAX_MODELS = 50;

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final List<Runnable> beforeScrape = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> binders = new ArrayList<>();

    public ServerMetrics() {
        registry.config().meterFilter(MeterFilter.maximumAllowableTags(AgentUsageMeters.PREFIX, "model", MAX_MODELS,
                MeterFilter.deny()));
        JvmGcMetrics gc = new JvmGcMetrics();
        binders.add(gc);
        for (MeterBinder binder : List.of(new JvmMemoryMetrics(), gc, new JvmThreadMetrics(), new ClassLoaderMetrics(),
                new ProcessorMetrics(), new UptimeMetrics(), new FileDescriptorMetrics())) {
            binder.bindTo(registry);
        }
        // a pinned virtual thread holds a carrier, and every request here runs on a virtual thread
        binders.add(new BackgroundVirtualThreadMeters(registry));
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** Binds a part's meters. */
    public void bind(MeterBinder binder) {
        binder.bindTo(registry);
    }

    /** Runs {@code refresh} before every scrape (for meters fed from one read of a part's state). */
    public void beforeScrape(Runnable refresh) {
        beforeScrape.add(refresh);
    }

    /** Every meter in the exposition format {@code contentType} names (one of {@link Exposition}'s). */
    String scrape(String contentType) {
        beforeScrape.forEach(Runnable::run);
        return registry.scrape(contentType);
    }

    @Override
    public void close() {
        for (AutoCloseable binder : binders) {
            try {
                binder.close();
            } catch (Exception e) {
                throw new IllegalStateException("a JVM meter binder failed to close", e);
            }
        }
        registry.close();
    }
}
