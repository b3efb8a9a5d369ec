package io.syntropic137.domain.github;

import io.syntropic137.domain.shared.DomainEvent;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Events of a {@link TriggerRule}. */
public sealed interface TriggerEvent extends DomainEvent {

    String triggerId();

    record TriggerRegistered(String triggerId, String name, String event, String repository, String workflowId,
                             List<TriggerCondition> conditions, Map<String, String> inputMapping, SafetyConfig safety,
                             Instant at) implements TriggerEvent {
    }

    /** Carries the rule's new configuration in full. */
    record TriggerUpdated(String triggerId, String name, String workflowId, List<TriggerCondition> conditions,
                          Map<String, String> inputMapping, SafetyConfig safety, Instant at) implements TriggerEvent {
    }

    record TriggerPaused(String triggerId, String reason, Instant at) implements TriggerEvent {
    }

    record TriggerResumed(String triggerId, Instant at) implements TriggerEvent {
    }

    record TriggerDeleted(String triggerId, Instant at) implements TriggerEvent {
    }

    record TriggerFired(String triggerId, String deliveryId, String executionId, Integer pullRequest, long fireCount,
                        Instant at) implements TriggerEvent {
    }

    record TriggerBlocked(String triggerId, String deliveryId, String guard, String reason, Integer pullRequest,
                          Instant at) implements TriggerEvent {
    }
}
