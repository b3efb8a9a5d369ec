package io.syntropic137.engine.triggers;

import io.syntropic137.application.CommandContext;
import io.syntropic137.application.CommandHandler;
import io.syntropic137.application.CommandOutcome;
import io.syntropic137.domain.github.GithubDelivery;
import io.syntropic137.domain.github.TriggerCommand;
import io.syntropic137.domain.github.TriggerCommand.RecordTriggerBlocked;
import io.syntropic137.domain.github.TriggerCommand.RecordTriggerFired;
import io.syntropic137.domain.github.TriggerEvent;
import io.syntropic137.domain.github.TriggerGuard;
import io.syntropic137.domain.github.TriggerRule;
import io.syntropic137.domain.github.TriggerStatus;
import io.syntropic137.domain.shared.Rejection;
import io.syntropic137.domain.shared.Result;
import io.syntropic137.engine.EngineRejection;
import io.syntropic137.engine.ExecutionEngine;
import io.syntropic137.engine.RunRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Turns a GitHub delivery into runs: for each active rule on the delivery's repository and event, check its
 * conditions, ask its guards, start the workflow and record the firing — or record why it was blocked.
 *
 * <p>Order matters for crash safety. The guards are asked first on the rule's current state (a pure decision), then
 * the run starts under an id derived from (delivery, rule), then the firing is recorded. A crash between the last two
 * leaves a run without its record; when GitHub re-sends the delivery, the same run id is found started and the record
 * is written then. Two deliveries racing past the guards on one rule are serialised here per rule; across nodes, the
 * rule stream's version check makes the loser's record fail its guard, and its run is cancelled.
 */
public final class TriggerDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(TriggerDispatcher.class);
    private static final String ACTOR = "github";

    private final CommandHandler commands;
    private final ExecutionEngine engine;
    private final TriggerIndex index;
    private final Clock clock;
    private final ConcurrentHashMap<String, ReentrantLock> ruleLocks = new ConcurrentHashMap<>();

    public TriggerDispatcher(CommandHandler commands, ExecutionEngine engine, TriggerIndex index, Clock clock) {
        this.commands = commands;
        this.engine = engine;
        this.index = index;
        this.clock = clock;
    }

    public List<DeliveryOutcome> dispatch(GithubDelivery delivery) throws InterruptedException {
        List<DeliveryOutcome> outcomes = new ArrayList<>();
        for (String triggerId : index.activeRules(delivery.repository(), delivery.event())) {
            ReentrantLock lock = ruleLocks.computeIfAbsent(triggerId, id -> new ReentrantLock());
            lock.lock();
            try {
                outcomes.add(dispatch(triggerId, delivery));
            } finally {
                lock.unlock();
            }
        }
        return outcomes;
    }

    private DeliveryOutcome dispatch(String triggerId, GithubDelivery delivery) throws InterruptedException {
        TriggerRule rule = commands.current(TriggerRule.TYPE, triggerId);
        // The index is a read model and may lag behind a pause, delete or update of the rule.
        if (rule.status() != TriggerStatus.ACTIVE || !delivery.event().equals(rule.event())
                || !delivery.repository().equalsIgnoreCase(rule.repository())
                || !rule.matches(delivery.payload())) {
            return new DeliveryOutcome.NotMatched(triggerId);
        }
        if (rule.firings().handled(delivery.deliveryId())) {
            return new DeliveryOutcome.Duplicate(triggerId);
        }
        Integer pullRequest = delivery.pullRequest();
        Instant now = clock.instant();
        String executionId = executionIdFor(delivery.deliveryId(), triggerId);
        RecordTriggerFired fire = new RecordTriggerFired(triggerId, delivery.deliveryId(), executionId, pullRequest, now);
        if (rule.decide(fire) instanceof Result.Err<List<TriggerEvent>, Rejection> refused) {
            return blockedOrFailed(triggerId, delivery, pullRequest, refused.error());
        }
        boolean repeated = false;
        var run = engine.run(new RunRequest(rule.workflowId(), task(delivery, pullRequest),
                rule.inputsFrom(delivery.payload()), List.of(delivery.repository()), executionId), ACTOR);
        if (run instanceof Result.Err<ExecutionEngine.Accepted, EngineRejection> err) {
            if (err.error() instanceof EngineRejection.Refused r && r.rejection() instanceof Rejection.AlreadyExists) {
                repeated = true; // started for an earlier copy of this delivery, whose record was not written
            } else if (err.error() instanceof EngineRejection.Busy busy) {
                return new DeliveryOutcome.Failed(triggerId, busy.reason());
            } else {
                return record(triggerId, new RecordTriggerBlocked(triggerId, delivery.deliveryId(), "run-refused",
                        "workflow '" + rule.workflowId() + "' refused the run: " + err.error().reason(), pullRequest, now),
                        new DeliveryOutcome.Blocked(triggerId, "run-refused", err.error().reason()), delivery);
            }
        }
        CommandOutcome<TriggerEvent> recorded = commands.handle(TriggerRule.TYPE, fire, context(delivery, triggerId));
        return switch (recorded) {
            case CommandOutcome.Accepted<TriggerEvent> a -> new DeliveryOutcome.Fired(triggerId, executionId, repeated);
            case CommandOutcome.Rejected<TriggerEvent> r when r.rejection() instanceof Rejection.RuleViolated v
                    && "duplicate-delivery".equals(v.rule()) -> new DeliveryOutcome.Duplicate(triggerId);
            case CommandOutcome.Rejected<TriggerEvent> r -> {
                // Another node fired this rule between our guard check and our record: this run must not go on.
                var cancelled = engine.cancel(executionId, "trigger '" + triggerId + "' was stopped by its guards: "
                        + r.rejection().reason(), ACTOR);
                if (cancelled instanceof Result.Err<Long, EngineRejection> notCancelled) {
                    LOG.warn("run {} of trigger {} could not be cancelled after its firing was refused ({}): {}",
                            executionId, triggerId, r.rejection().reason(), notCancelled.error().reason());
                }
                yield blockedOrFailed(triggerId, delivery, pullRequest, r.rejection());
            }
            case CommandOutcome.Contended<TriggerEvent> c -> new DeliveryOutcome.Failed(triggerId,
                    "trigger '" + triggerId + "' kept changing; the run " + executionId + " started, send the delivery again to record it");
        };
    }

    private DeliveryOutcome blockedOrFailed(String triggerId, GithubDelivery delivery, Integer pullRequest,
                                            Rejection rejection) {
        if (rejection instanceof Rejection.RuleViolated v && "duplicate-delivery".equals(v.rule())) {
            return new DeliveryOutcome.Duplicate(triggerId);
        }
        var guard = rejection instanceof Rejection.RuleViolated v ? TriggerGuard.fromRuleName(v.rule()) : java.util.Optional.<TriggerGuard>empty();
        if (guard.isEmpty()) {
            return new DeliveryOutcome.Failed(triggerId, rejection.reason());
        }
        String name = guard.get().wireName();
        return record(triggerId, new RecordTriggerBlocked(triggerId, delivery.deliveryId(), name, rejection.reason(),
                pullRequest, clock.instant()), new DeliveryOutcome.Blocked(triggerId, name, rejection.reason()), delivery);
    }

    private DeliveryOutcome record(String triggerId, TriggerCommand command, DeliveryOutcome onSuccess,
                                   GithubDelivery delivery) {
        return switch (commands.handle(TriggerRule.TYPE, command, context(delivery, triggerId))) {
            case CommandOutcome.Accepted<TriggerEvent> a -> onSuccess;
            case CommandOutcome.Rejected<TriggerEvent> r -> new DeliveryOutcome.Failed(triggerId, r.rejection().reason());
            case CommandOutcome.Contended<TriggerEvent> c -> new DeliveryOutcome.Failed(triggerId,
                    "trigger '" + triggerId + "' kept changing; send the delivery again");
        };
    }

    /** Keyed by delivery and rule, so a re-sent delivery finds what the first copy wrote instead of writing again. */
    private static CommandContext context(GithubDelivery delivery, String triggerId) {
        return CommandContext.by(ACTOR).withIdempotencyKey("github-delivery:" + delivery.deliveryId() + ":" + triggerId);
    }

    static String executionIdFor(String deliveryId, String triggerId) {
        return "ex-" + UUID.nameUUIDFromBytes((deliveryId + "\n" + triggerId).getBytes(StandardCharsets.UTF_8));
    }

    private static String task(GithubDelivery delivery, Integer pullRequest) {
        return "GitHub " + delivery.event() + " on " + delivery.repository()
                + (pullRequest == null ? "" : " (pull request #" + pullRequest + ")");
    }
}
