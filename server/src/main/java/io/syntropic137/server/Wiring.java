package io.syntropic137.server;

import io.syntropic137.application.CommandHandler;
import io.syntropic137.engine.ExecutionEngine;
import io.syntropic137.engine.triggers.TriggerDispatcher;
import io.syntropic137.engine.port.ContentStore;
import io.syntropic137.eventstore.EventStore;
import io.syntropic137.observability.TelemetryPipeline;
import io.syntropic137.projections.ProjectionManager;
import io.syntropic137.projections.readmodels.ReadModels;
import io.syntropic137.server.auth.TokenStore;
import io.syntropic137.server.metrics.ServerMetrics;
import io.syntropic137.server.stream.ExecutionTail;
import io.syntropic137.server.stream.StreamSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** The parts the composition root built, and the order to close them in (reverse of creation). */
record Wiring(EventStore eventStore, TelemetryPipeline telemetry, CommandHandler commands, ProjectionManager projections,
              ReadModels.Queries queries, ExecutionEngine engine, TriggerDispatcher triggers, ContentStore content, String workspaceBackend, boolean workspacesIsolated,
              Clock clock, ExecutionTail streams, StreamSettings streamSettings, TokenStore tokens, ServerMetrics metrics,
              List<AutoCloseable> closeInOrder) implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Wiring.class);

    @Override
    public void close() {
        List<Exception> failures = new ArrayList<>();
        for (AutoCloseable part : closeInOrder) {
            try {
                part.close();
            } catch (Exception e) {
                failures.add(e);
                LOG.error("closing {} failed", part.getClass().getSimpleName(), e);
            }
        }
        if (!failures.isEmpty()) {
            IllegalStateException failed = new IllegalStateException(failures.size() + " part(s) failed to close");
            failures.forEach(failed::addSuppressed);
            throw failed;
        }
    }
}
