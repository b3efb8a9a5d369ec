package io.syntropic137.server.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.syntropic137.application.codec.EventCodec;
import io.syntropic137.application.codec.EventTypeRegistry.EventType;
import io.syntropic137.domain.artifacts.ArtifactEvent.ArtifactCreated;
import io.syntropic137.domain.orchestration.ExecutionEvent;
import io.syntropic137.domain.orchestration.ExecutionEvent.*;
import io.syntropic137.domain.orchestration.ExecutionStatus;
import io.syntropic137.domain.sessions.SessionEvent;
import io.syntropic137.domain.sessions.SessionEvent.OperationRecorded;
import io.syntropic137.domain.sessions.SessionEvent.SessionCompleted;
import io.syntropic137.domain.sessions.SessionEvent.SessionStarted;
import io.syntropic137.domain.shared.DomainEvent;
import io.syntropic137.domain.shared.TokenUsage;
import io.syntropic137.eventstore.EventFilter;
import io.syntropic137.eventstore.RecordedEvent;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Turns a stored domain event into the frame the stream contract (docs/stream.md) defines for it, or nothing when
 * the event is not part of any execution's stream. Session events find their execution through the
 * {@link SessionDirectory}, which this mapper keeps current as sessions start and complete, so one mapper must see
 * events in global order.
 */
final class FrameMapper {
    static final String OPERATION_TOOL = "tool:";
    static final String OPERATION_MODEL = "llm:";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EventCodec codec;
    private final SessionDirectory sessions;

    FrameMapper(EventCodec codec, SessionDirectory sessions) {
        this.codec = codec;
        this.sessions = sessions;
    }

    /** The stored types that can become frames: a store read with this filter skips everything else. */
    static EventFilter filter(EventCodec codec) {
        Set<String> types = Stream.of(Stream.of(ExecutionEvent.class.getPermittedSubclasses()),
                        Stream.of(SessionEvent.class.getPermittedSubclasses()), Stream.<Class<?>>of(ArtifactCreated.class))
                .flatMap(s -> s)
                .map(type -> codec.registry().forClass(type).map(EventType::name).orElseThrow(() ->
                        new IllegalStateException(type.getName() + " has no stored name; register it in DomainEventTypes")))
                .collect(Collectors.toUnmodifiableSet());
        return new EventFilter(null, types);
    }

    Optional<Frame> map(RecordedEvent recorded) {
        DomainEvent event = codec.decode(recorded);
        return switch (event) {
            case ExecutionEvent e -> Optional.of(execution(recorded, e));
            case SessionStarted s -> {
                sessions.started(s);
                Map<String, Object> data = base(recorded, s.executionId(), s.at());
                data.put("session_id", s.sessionId());
                data.put("phase_id", s.phaseId());
                data.put("outcome", null);
                data.put("provider", s.provider());
                data.put("model", s.model());
                yield Optional.of(frame(recorded, s.executionId(), "session", data, null));
            }
            case SessionCompleted s -> {
                Optional<Frame> frame = sessions.owner(s.sessionId()).map(owner -> {
                    Map<String, Object> data = base(recorded, owner.executionId(), s.at());
                    data.put("session_id", s.sessionId());
                    data.put("phase_id", owner.phaseId());
                    data.put("outcome", s.outcome().name());
                    putIfPresent(data, "error", s.error());
                    data.put("tokens", tokens(s.tokens()));
                    data.put("cost_usd", s.costUsd());
                    data.put("operation_count", s.operationCount());
                    return frame(recorded, owner.executionId(), "session", data, null);
                });
                sessions.completed(s.sessionId());
                yield frame;
            }
            case OperationRecorded o -> operation(recorded, o);
            case ArtifactCreated a -> {
                if (a.executionId() == null) {
                    yield Optional.empty();
                }
                Map<String, Object> data = base(recorded, a.executionId(), a.at());
                data.put("artifact_id", a.artifactId());
                data.put("phase_id", a.phaseId());
                data.put("title", a.title());
                data.put("size_bytes", a.sizeBytes());
                data.put("content_type", a.contentType());
                data.put("primary_deliverable", a.primaryDeliverable());
                yield Optional.of(frame(recorded, a.executionId(), "artifact", data, null));
            }
            default -> Optional.empty();
        };
    }

    private Optional<Frame> operation(RecordedEvent recorded, OperationRecorded o) {
        String operation = o.operation() == null ? "" : o.operation();
        boolean tool = operation.startsWith(OPERATION_TOOL);
        boolean model = operation.startsWith(OPERATION_MODEL);
        if (!tool && !model) {
            return Optional.empty();
        }
        return sessions.owner(o.sessionId()).map(owner -> {
            Map<String, Object> data = base(recorded, owner.executionId(), o.at());
            data.put("session_id", o.sessionId());
            data.put("phase_id", owner.phaseId());
            if (tool) {
                data.put("tool", operation.substring(OPERATION_TOOL.length()));
            } else {
                data.put("model", operation.substring(OPERATION_MODEL.length()));
                data.put("tokens", tokens(o.tokens()));
                data.put("cost_usd", o.costUsd());
            }
            return frame(recorded, owner.executionId(), tool ? "tool" : "usage", data, null);
        });
    }

    private Frame execution(RecordedEvent recorded, ExecutionEvent event) {
        Map<String, Object> data = base(recorded, event.executionId(), event.at());
        ExecutionStatus status = statusAfter(event);
        String kind = status == null ? "phase" : "execution";
        if (status != null) {
            data.put("status", status.name());
        }
        switch (event) {
            case ExecutionQueued e -> data.put("template_id", e.templateId());
            case ExecutionStarted e -> data.put("template_id", e.templateId());
            case ExecutionPauseRequested e -> data.put("reason", e.reason());
            case ExecutionPaused e -> {
                data.put("phase_id", e.phaseId());
                data.put("reason", e.reason());
                data.put("yield_point", e.yieldPoint() == null ? null : e.yieldPoint().name());
            }
            case ExecutionResumed e -> data.put("phase_id", e.phaseId());
            case ExecutionCompleted e -> {
                data.put("phases_completed", e.phasesCompleted());
                data.put("tokens", tokens(e.tokens()));
                data.put("cost_usd", e.costUsd());
            }
            case ExecutionFailed e -> {
                data.put("phase_id", e.phaseId());
                data.put("error", e.error());
            }
            case ExecutionCancelled e -> {
                data.put("phase_id", e.phaseId());
                data.put("reason", e.reason());
            }
            case ExecutionInterrupted e -> {
                data.put("phase_id", e.phaseId());
                data.put("reason", e.reason());
            }
            case ExecutionRetried e -> {
                data.put("attempt", e.attempt());
                data.put("phase_id", e.nextPhaseId());
                data.put("discarded_phase_id", e.discardedPhaseId());
            }
            case PhaseStarted e -> {
                data.put("phase_id", e.phaseId());
                data.put("attempt", e.attempt());
            }
            case WorkspaceProvisionedForPhase e -> {
                data.put("phase_id", e.phaseId());
                data.put("workspace_id", e.workspaceId());
            }
            case AgentExecutionCompleted e -> {
                data.put("phase_id", e.phaseId());
                data.put("session_id", e.sessionId());
                data.put("succeeded", e.succeeded());
                putIfPresent(data, "error", e.error());
                data.put("tokens", tokens(e.tokens()));
                data.put("cost_usd", e.costUsd());
            }
            case ArtifactsCollectedForPhase e -> {
                data.put("phase_id", e.phaseId());
                data.put("artifact_ids", e.artifactIds());
            }
            case PhaseCompleted e -> {
                data.put("phase_id", e.phaseId());
                data.put("tokens", tokens(e.tokens()));
                data.put("cost_usd", e.costUsd());
                data.put("artifact_ids", e.artifactIds());
            }
            case PhaseAttemptFailed e -> {
                data.put("phase_id", e.phaseId());
                data.put("attempt", e.failedAttempt());
                data.put("error", e.error());
            }
            case ApprovalRequested e -> data.put("phase_id", e.phaseId());
            case PhaseApproved e -> {
                data.put("phase_id", e.phaseId());
                data.put("approved_by", e.approvedBy());
                data.put("comment", e.comment());
            }
            case PhaseRejected e -> {
                data.put("phase_id", e.phaseId());
                data.put("rejected_by", e.rejectedBy());
                data.put("reason", e.reason());
            }
            case NextPhaseReady e -> data.put("phase_id", e.phaseId());
        }
        ExecutionStatus terminal = status == ExecutionStatus.COMPLETED || status == ExecutionStatus.FAILED
                || status == ExecutionStatus.CANCELLED ? status : null;
        return frame(recorded, event.executionId(), kind, data, terminal);
    }

    /**
     * The execution's status after an execution-level event (a function of the event alone, see the state machine),
     * or null for the phase-level events, which never change it.
     */
    static ExecutionStatus statusAfter(ExecutionEvent event) {
        return switch (event) {
            case ExecutionQueued e -> ExecutionStatus.NOT_STARTED;
            case ExecutionStarted e -> ExecutionStatus.RUNNING;
            case ExecutionPauseRequested e -> ExecutionStatus.RUNNING;
            case ExecutionPaused e -> ExecutionStatus.PAUSED;
            case ExecutionResumed e -> ExecutionStatus.RUNNING;
            case ExecutionCompleted e -> ExecutionStatus.COMPLETED;
            case ExecutionFailed e -> ExecutionStatus.FAILED;
            case ExecutionCancelled e -> ExecutionStatus.CANCELLED;
            case ExecutionInterrupted e -> ExecutionStatus.INTERRUPTED;
            case ExecutionRetried e -> ExecutionStatus.RUNNING;
            case PhaseStarted e -> null;
            case WorkspaceProvisionedForPhase e -> null;
            case AgentExecutionCompleted e -> null;
            case ArtifactsCollectedForPhase e -> null;
            case PhaseCompleted e -> null;
            case PhaseAttemptFailed e -> null;
            case ApprovalRequested e -> null;
            case PhaseApproved e -> null;
            case PhaseRejected e -> null;
            case NextPhaseReady e -> null;
        };
    }

    private static Map<String, Object> base(RecordedEvent recorded, String executionId, Instant at) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("type", recorded.type());
        data.put("execution_id", executionId);
        data.put("at", at == null ? null : at.toString());
        data.put("position", recorded.position());
        return data;
    }

    private static Map<String, Object> tokens(TokenUsage tokens) {
        TokenUsage t = tokens == null ? TokenUsage.NONE : tokens;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("input", t.input());
        out.put("output", t.output());
        out.put("cache_creation", t.cacheCreation());
        out.put("cache_read", t.cacheRead());
        return out;
    }

    private static void putIfPresent(Map<String, Object> data, String key, Object value) {
        if (value != null) {
            data.put(key, value);
        }
    }

    private static Frame frame(RecordedEvent recorded, String executionId, String kind, Map<String, Object> data,
                               ExecutionStatus terminal) {
        try {
            return new Frame(recorded.position(), executionId, kind, JSON.writeValueAsString(data), terminal);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("frame of event " + recorded.eventId() + " could not be written as JSON", e);
        }
    }
}
