package io.syntropic137.server.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.java21.instrument.binder.jdk.VirtualThreadMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Micrometer's virtual thread meters (pinning, failed submits, scheduler), bound off the start path: they open a JFR
 * recording stream, which takes about half a second on a cold JVM, and the server should be ready before that.
 */
final class BackgroundVirtualThreadMeters implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BackgroundVirtualThreadMeters.class);

    private VirtualThreadMetrics binder;
    private boolean closed;

    BackgroundVirtualThreadMeters(MeterRegistry registry) {
        Thread.ofVirtual().name("metrics-virtual-threads").start(() -> bind(registry));
    }

    private void bind(MeterRegistry registry) {
        VirtualThreadMetrics created;
        try {
            created = new VirtualThreadMetrics();
        } catch (RuntimeException e) {
            // JFR may be unavailable (a minimal runtime image); every other meter still works
            LOG.warn("virtual thread metrics are off: {}", e.toString());
            return;
        }
        synchronized (this) {
            if (closed) {
                created.close();
                return;
            }
            created.bindTo(registry);
            binder = created;
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (binder != null) {
            binder.close();
        }
    }
}
