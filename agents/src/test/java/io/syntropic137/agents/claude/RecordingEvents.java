package io.syntropic137.agents.claude;

import io.syntropic137.domain.orchestration.YieldPoint;
import io.syntropic137.domain.shared.TokenUsage;
import io.syntropic137.engine.port.AgentEvents;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the runtime reported, with the time of each report. Can hold the agent at one yield point the way a paused
 * execution does: {@link #holdAt} makes the n-th yield point of a kind block until {@link #release}.
 */
final class RecordingEvents implements AgentEvents {

    record ToolStart(Instant at, String toolUseId, String tool, String inputJson) {
    }

    record ToolFinish(Instant at, String toolUseId, String tool, boolean succeeded, String detail) {
    }

    record Usage(Instant at, String model, TokenUsage tokens, BigDecimal cost) {
    }

    record Yield(Instant at, YieldPoint point) {
    }

    final List<ToolStart> started = new CopyOnWriteArrayList<>();
    final List<ToolFinish> finished = new CopyOnWriteArrayList<>();
    final List<Usage> usages = new CopyOnWriteArrayList<>();
    final List<Yield> yields = new CopyOnWriteArrayList<>();
    final List<String> observed = new CopyOnWriteArrayList<>();
    final List<Observed> observedEvents = new CopyOnWriteArrayList<>();

    record Observed(String type, String toolUseId, String dataJson, Instant time) {
    }

    @Override
    public void observed(String type, String toolUseId, String dataJson, Instant time) {
        observed.add(type);
        observedEvents.add(new Observed(type, toolUseId, dataJson, time));
    }

    private volatile YieldPoint holdPoint;
    private volatile int holdOccurrence;
    private final AtomicInteger seenOfHoldPoint = new AtomicInteger();
    private final CountDownLatch held = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    volatile Instant heldAt;
    volatile Instant releasedAt;

    /** The {@code occurrence}-th (1-based) yield point of that kind blocks until {@link #release}. */
    RecordingEvents holdAt(YieldPoint point, int occurrence) {
        this.holdPoint = point;
        this.holdOccurrence = occurrence;
        return this;
    }

    boolean awaitHeld(Duration timeout) throws InterruptedException {
        return held.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    void release() {
        releasedAt = Instant.now();
        release.countDown();
    }

    @Override
    public void yieldPoint(YieldPoint point) throws InterruptedException {
        yields.add(new Yield(Instant.now(), point));
        if (point == holdPoint && seenOfHoldPoint.incrementAndGet() == holdOccurrence) {
            heldAt = Instant.now();
            held.countDown();
            if (!release.await(60, TimeUnit.SECONDS)) {
                throw new InterruptedException("the test never released the held yield point");
            }
        }
    }

    @Override
    public void toolStarted(String toolUseId, String tool, String inputJson) {
        started.add(new ToolStart(Instant.now(), toolUseId, tool, inputJson));
    }

    @Override
    public void toolFinished(String toolUseId, String tool, boolean succeeded, String detail) {
        finished.add(new ToolFinish(Instant.now(), toolUseId, tool, succeeded, detail));
    }

    @Override
    public void usage(String model, TokenUsage tokens, BigDecimal costUsd) {
        usages.add(new Usage(Instant.now(), model, tokens, costUsd));
    }

    TokenUsage usageTotal() {
        return usages.stream().map(Usage::tokens).reduce(TokenUsage.NONE, TokenUsage::plus);
    }
}
