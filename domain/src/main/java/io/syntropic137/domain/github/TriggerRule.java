package io.syntropic137.domain.github;

import io.syntropic137.domain.github.TriggerCommand.DeleteTrigger;
import io.syntropic137.domain.github.TriggerCommand.PauseTrigger;
import io.syntropic137.domain.github.TriggerCommand.RecordTriggerBlocked;
import io.syntropic137.domain.github.TriggerCommand.RecordTriggerFired;
import io.syntropic137.domain.github.TriggerCommand.RegisterTrigger;
import io.syntropic137.domain.github.TriggerCommand.ResumeTrigger;
import io.syntropic137.domain.github.TriggerCommand.UpdateTrigger;
import io.syntropic137.domain.github.TriggerEvent.TriggerBlocked;
import io.syntropic137.domain.github.TriggerEvent.TriggerDeleted;
import io.syntropic137.domain.github.TriggerEvent.TriggerFired;
import io.syntropic137.domain.github.TriggerEvent.TriggerPaused;
import io.syntropic137.domain.github.TriggerEvent.TriggerRegistered;
import io.syntropic137.domain.github.TriggerEvent.TriggerResumed;
import io.syntropic137.domain.github.TriggerEvent.TriggerUpdated;
import io.syntropic137.domain.shared.Aggregate;
import io.syntropic137.domain.shared.AggregateType;
import io.syntropic137.domain.shared.Checks;
import io.syntropic137.domain.shared.Rejection;
import io.syntropic137.domain.shared.Result;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import static io.syntropic137.domain.shared.Decisions.accept;
import static io.syntropic137.domain.shared.Decisions.reject;

/** A rule that starts a workflow when a matching GitHub event arrives. */
public record TriggerRule(String triggerId, String name, String event, String repository, String workflowId,
                          List<TriggerCondition> conditions, Map<String, String> inputMapping, SafetyConfig safety,
                          TriggerStatus status, long fireCount, long blockCount, FiringHistory firings)
        implements Aggregate<TriggerRule, TriggerCommand, TriggerEvent> {

    public static final TriggerRule NONE = new TriggerRule(null, null, null, null, null, List.of(), Map.of(),
            SafetyConfig.DEFAULTS, TriggerStatus.NONE, 0, 0, FiringHistory.EMPTY);

    public static final AggregateType<TriggerRule, TriggerCommand, TriggerEvent> TYPE = new AggregateType<>(
            "trigger", NONE, TriggerRule.class, TriggerCommand.class, TriggerEvent.class);

    private static final String AGGREGATE = "trigger";

    public TriggerRule {
        conditions = List.copyOf(conditions);
        inputMapping = Map.copyOf(inputMapping);
        firings = firings == null ? FiringHistory.EMPTY : firings;
    }

    /** Whether a delivery's payload satisfies every condition (a rule without conditions matches every delivery). */
    public boolean matches(WebhookPayload payload) {
        return conditions.stream().allMatch(condition -> condition.matches(payload));
    }

    /** The workflow inputs a payload gives through the input mapping; paths that are absent or not text are left out. */
    public Map<String, String> inputsFrom(WebhookPayload payload) {
        Map<String, String> inputs = new java.util.TreeMap<>();
        inputMapping.forEach((input, path) -> payload.at(path).ifPresent(value -> {
            if (value instanceof WebhookPayload.Scalar scalar) {
                inputs.put(input, scalar.text());
            }
        }));
        return inputs;
    }

    @Override
    public Result<List<TriggerEvent>, Rejection> decide(TriggerCommand command) {
        if (command instanceof RegisterTrigger c) {
            return register(c);
        }
        if (status == TriggerStatus.NONE) {
            return reject(new Rejection.NotFound(AGGREGATE, command.triggerId()));
        }
        if (status == TriggerStatus.DELETED) {
            return reject(illegal(verb(command), "a deleted trigger takes no more commands"));
        }
        return switch (command) {
            case RegisterTrigger c -> throw new IllegalStateException("handled above");
            case UpdateTrigger c -> update(c);
            case PauseTrigger c -> status == TriggerStatus.PAUSED ? reject(illegal("pause", "it is paused already"))
                    : accept(new TriggerPaused(triggerId, c.reason(), c.at()));
            case ResumeTrigger c -> status != TriggerStatus.PAUSED ? reject(illegal("resume", "only a paused trigger resumes"))
                    : accept(new TriggerResumed(triggerId, c.at()));
            case DeleteTrigger c -> accept(new TriggerDeleted(triggerId, c.at()));
            case RecordTriggerFired c -> fired(c);
            case RecordTriggerBlocked c -> blocked(c);
        };
    }

    private Result<List<TriggerEvent>, Rejection> register(RegisterTrigger c) {
        if (status != TriggerStatus.NONE) {
            return reject(new Rejection.AlreadyExists(AGGREGATE, c.triggerId()));
        }
        SafetyConfig safety = c.safety() == null ? SafetyConfig.DEFAULTS : c.safety();
        List<TriggerCondition> conditions = c.conditions() == null ? List.of() : c.conditions();
        Map<String, String> mapping = c.inputMapping() == null ? Map.of() : c.inputMapping();
        Optional<Rejection> problem = Checks.firstProblem(
                Checks.id("triggerId", c.triggerId()),
                Checks.notBlank("name", c.name()),
                TriggerRules.eventName(c.event()),
                TriggerRules.repository(c.repository()),
                Checks.id("workflowId", c.workflowId()),
                Checks.present("at", c.at()),
                TriggerRules.conditions(conditions),
                TriggerRules.inputMapping(mapping),
                TriggerRules.safety(safety));
        return problem.isPresent() ? reject(problem.get()) : accept(new TriggerRegistered(c.triggerId(), c.name(),
                c.event(), c.repository(), c.workflowId(), List.copyOf(conditions), Map.copyOf(mapping), safety, c.at()));
    }

    private Result<List<TriggerEvent>, Rejection> update(UpdateTrigger c) {
        String newName = Objects.requireNonNullElse(c.name(), name);
        String newWorkflow = Objects.requireNonNullElse(c.workflowId(), workflowId);
        List<TriggerCondition> newConditions = c.conditions() == null ? conditions : List.copyOf(c.conditions());
        Map<String, String> newMapping = c.inputMapping() == null ? inputMapping : Map.copyOf(c.inputMapping());
        SafetyConfig newSafety = Objects.requireNonNullElse(c.safety(), safety);
        Optional<Rejection> problem = Checks.firstProblem(
                Checks.notBlank("name", newName),
                Checks.id("workflowId", newWorkflow),
                TriggerRules.conditions(newConditions),
                TriggerRules.inputMapping(newMapping),
                TriggerRules.safety(newSafety));
        if (problem.isPresent()) {
            return reject(problem.get());
        }
        if (newName.equals(name) && newWorkflow.equals(workflowId) && newConditions.equals(conditions)
                && newMapping.equals(inputMapping) && newSafety.equals(safety)) {
            return reject(new Rejection.RuleViolated("nothing-to-change", "trigger '" + triggerId + "' already has this configuration"));
        }
        return accept(new TriggerUpdated(triggerId, newName, newWorkflow, newConditions, newMapping, newSafety, c.at()));
    }

    private Result<List<TriggerEvent>, Rejection> fired(RecordTriggerFired c) {
        if (status != TriggerStatus.ACTIVE) {
            return reject(illegal("fire", "a paused trigger does not fire; resume it first"));
        }
        Optional<Rejection> problem = Checks.firstProblem(Checks.notBlank("deliveryId", c.deliveryId()),
                Checks.id("executionId", c.executionId()), Checks.present("at", c.at()));
        if (problem.isEmpty() && firings.handled(c.deliveryId())) {
            problem = Optional.of(new Rejection.RuleViolated("duplicate-delivery", "delivery '" + c.deliveryId()
                    + "' was already handled by trigger '" + triggerId + "'"));
        }
        if (problem.isEmpty()) {
            problem = firings.guard(safety, c.pullRequest(), c.at());
        }
        return problem.isPresent() ? reject(problem.get()) : accept(new TriggerFired(triggerId, c.deliveryId(),
                c.executionId(), c.pullRequest(), fireCount + 1, c.at()));
    }

    private Result<List<TriggerEvent>, Rejection> blocked(RecordTriggerBlocked c) {
        if (status != TriggerStatus.ACTIVE) {
            return reject(illegal("record a blocked firing of", "a paused trigger is not evaluated"));
        }
        Optional<Rejection> problem = Checks.firstProblem(Checks.notBlank("deliveryId", c.deliveryId()),
                Checks.notBlank("guard", c.guard()), Checks.notBlank("reason", c.reason()));
        return problem.isPresent() ? reject(problem.get()) : accept(new TriggerBlocked(triggerId, c.deliveryId(),
                c.guard(), c.reason(), c.pullRequest(), c.at()));
    }

    private Rejection illegal(String action, String hint) {
        return new Rejection.IllegalTransition(AGGREGATE, triggerId, status.name(), action, hint);
    }

    private static String verb(TriggerCommand command) {
        return switch (command) {
            case RegisterTrigger c -> "register";
            case UpdateTrigger c -> "update";
            case PauseTrigger c -> "pause";
            case ResumeTrigger c -> "resume";
            case DeleteTrigger c -> "delete";
            case RecordTriggerFired c -> "fire";
            case RecordTriggerBlocked c -> "record a blocked firing of";
        };
    }

    @Override
    public TriggerRule evolve(TriggerEvent event) {
        return switch (event) {
            case TriggerRegistered e -> new TriggerRule(e.triggerId(), e.name(), e.event(), e.repository(),
                    e.workflowId(), e.conditions(), e.inputMapping(), e.safety(), TriggerStatus.ACTIVE, 0, 0, FiringHistory.EMPTY);
            case TriggerUpdated e -> new TriggerRule(triggerId, e.name(), this.event, repository, e.workflowId(),
                    e.conditions(), e.inputMapping(), e.safety(), status, fireCount, blockCount, firings);
            case TriggerPaused e -> withStatus(TriggerStatus.PAUSED);
            case TriggerResumed e -> withStatus(TriggerStatus.ACTIVE);
            case TriggerDeleted e -> withStatus(TriggerStatus.DELETED);
            case TriggerFired e -> new TriggerRule(triggerId, name, this.event, repository, workflowId, conditions,
                    inputMapping, safety, status, e.fireCount(), blockCount, firings.fired(e.deliveryId(), e.pullRequest(), e.at()));
            case TriggerBlocked e -> new TriggerRule(triggerId, name, this.event, repository, workflowId, conditions,
                    inputMapping, safety, status, fireCount, blockCount + 1, firings.blocked(e.deliveryId()));
        };
    }

    private TriggerRule withStatus(TriggerStatus newStatus) {
        return new TriggerRule(triggerId, name, event, repository, workflowId, conditions, inputMapping, safety,
                newStatus, fireCount, blockCount, firings);
    }
}
