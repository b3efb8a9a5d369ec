package io.syntropic137.engine;

import io.syntropic137.domain.orchestration.ExecutionCommand;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An execution fact nothing waits for before the agent starts (which workspace a phase runs in): written on its own
 * thread after a short linger, unless the phase's next append of the execution takes it along first. A quick agent's
 * phase then stores it in the same append as the agent's result instead of waiting for a commit of its own before
 * the agent starts; a long agent's phase stores it while the agent works. Either way it is stored before anything
 * later about the phase, because every later append of the phase goes through {@link #takeAlong} or {@link #flush}.
 */
final class DeferredExecutionFact {
    private final EngineCommands commands;
    private final ExecutionCommand fact;
    private final AtomicBoolean claimed = new AtomicBoolean();
    private final Thread writer;

    DeferredExecutionFact(EngineCommands commands, ExecutionCommand fact, Duration linger) {
        this.commands = commands;
        this.fact = fact;
        this.writer = Thread.ofVirtual().name("deferred-" + fact.executionId()).start(() -> {
            try {
                Thread.sleep(linger);
            } catch (InterruptedException e) {
                return; // taken along by the phase's next append
            }
            if (claimed.compareAndSet(false, true)) {
                record();
            }
        });
    }

    /**
     * The fact, for the caller to put first in its append, if it has not been written yet; otherwise nothing, once
     * its own write has finished (so the caller's append comes after it).
     */
    List<ExecutionCommand> takeAlong() throws InterruptedException {
        if (claimed.compareAndSet(false, true)) {
            writer.interrupt();
            return List.of(fact);
        }
        writer.join();
        return List.of();
    }

    /** Writes the fact now unless it has been written or taken along. */
    void flush() throws InterruptedException {
        if (!takeAlong().isEmpty()) {
            record();
        }
    }

    private void record() {
        commands.bestEffort(commands.execution(fact), fact.getClass().getSimpleName() + " of execution " + fact.executionId());
    }
}
