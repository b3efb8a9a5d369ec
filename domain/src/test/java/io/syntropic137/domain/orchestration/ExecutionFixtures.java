package io.syntropic137.domain.orchestration;

import io.syntropic137.domain.orchestration.ExecutionEvent.AgentExecutionCompleted;
import io.syntropic137.domain.orchestration.ExecutionEvent.ExecutionInterrupted;
import io.syntropic137.domain.orchestration.ExecutionEvent.ExecutionPauseRequested;
import io.syntropic137.domain.orchestration.ExecutionEvent.ExecutionPaused;
import io.syntropic137.domain.orchestration.ExecutionEvent.ExecutionStarted;
import io.syntropic137.domain.orchestration.ExecutionEvent.NextPhaseReady;
import io.syntropic137.domain.orchestration.ExecutionEvent.PhaseCompleted;
import io.syntropic137.domain.orchestration.ExecutionEvent.PhaseStarted;
import io.syntropic137.domain.orchestration.ExecutionEvent.WorkspaceProvisionedForPhase;
import io.syntropic137.domain.shared.TokenUsage;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A two-phase execution "ex-1" (plan, then build) and the events of its usual life. */
final class ExecutionFixtures {
    static final String ID = "ex-1";
    static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    static final Instant T1 = T0.plusSeconds(60);
    static final List<PlannedPhase> PHASES = List.of(new PlannedPhase("plan", "Plan", 1), new PlannedPhase("build", "Build", 2));
    static final TokenUsage TOKENS = new TokenUsage(100, 50, 10, 5);

    static ExecutionCommand.StartExecution start() {
        return new ExecutionCommand.StartExecution(ID, "tpl-1", PHASES, "fix the bug", Map.of("issue", "42"),
                List.of("acme/api"), T0);
    }

    static ExecutionStarted started() {
        return new ExecutionStarted(ID, "tpl-1", PHASES, "fix the bug", Map.of("issue", "42"), List.of("acme/api"), T0);
    }

    static PhaseStarted phaseStarted(String phase) {
        return new PhaseStarted(ID, phase, 1, T0);
    }

    static WorkspaceProvisionedForPhase provisioned(String phase) {
        return new WorkspaceProvisionedForPhase(ID, phase, "ws-" + phase, T0);
    }

    static AgentExecutionCompleted agentDone(String phase) {
        return new AgentExecutionCompleted(ID, phase, "sess-" + phase, true, null, TOKENS, new BigDecimal("0.25"), T0);
    }

    static AgentExecutionCompleted agentFailed(String phase) {
        return new AgentExecutionCompleted(ID, phase, "sess-" + phase, false, "model refused", TOKENS, BigDecimal.ZERO, T0);
    }

    static PhaseCompleted phaseCompleted(String phase) {
        return new PhaseCompleted(ID, phase, TokenUsage.NONE, BigDecimal.ZERO, List.of(), T0);
    }

    static NextPhaseReady nextReady(String phase) {
        return new NextPhaseReady(ID, phase, T0);
    }

    static ExecutionPauseRequested pauseRequested() {
        return new ExecutionPauseRequested(ID, "lunch", T0);
    }

    static ExecutionPaused paused(String phase) {
        return new ExecutionPaused(ID, YieldPoint.AFTER_TOOL_EXECUTION, phase, "lunch", T0);
    }

    static ExecutionInterrupted interrupted(String phase) {
        return new ExecutionInterrupted(ID, phase, "server restarted", T0);
    }

    private ExecutionFixtures() {
    }
}
