package io.syntropic137.domain.github;

import io.syntropic137.domain.shared.Command;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Commands to a {@link TriggerRule}. */
public sealed interface TriggerCommand extends Command {

    String triggerId();

    @Override
    default String aggregateId() {
        return triggerId();
    }

    /**
     * @param event        GitHub event and action, e.g. {@code check_run.completed}
     * @param repository   owner/name the rule listens to
     * @param inputMapping workflow input name → payload path
     */
    record RegisterTrigger(String triggerId, String name, String event, String repository, String workflowId,
                           List<TriggerCondition> conditions, Map<String, String> inputMapping, SafetyConfig safety,
                           Instant at) implements TriggerCommand {
    }

    /** A null field keeps its current value; the event and repository of a rule never change. */
    record UpdateTrigger(String triggerId, String name, String workflowId, List<TriggerCondition> conditions,
                         Map<String, String> inputMapping, SafetyConfig safety, Instant at) implements TriggerCommand {
    }

    record PauseTrigger(String triggerId, String reason, Instant at) implements TriggerCommand {
    }

    record ResumeTrigger(String triggerId, Instant at) implements TriggerCommand {
    }

    record DeleteTrigger(String triggerId, Instant at) implements TriggerCommand {
    }

    /** The rule matched a delivery and started an execution. */
    record RecordTriggerFired(String triggerId, String deliveryId, String executionId, Integer pullRequest,
                              Instant at) implements TriggerCommand {
    }

    /** The rule matched a delivery but a safety guard (e.g. cooldown) stopped it. */
    record RecordTriggerBlocked(String triggerId, String deliveryId, String guard, String reason, Integer pullRequest,
                                Instant at) implements TriggerCommand {
    }
}
