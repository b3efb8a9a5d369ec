package io.syntropic137.domain.orchestration;

import io.syntropic137.domain.shared.Rejection;
import io.syntropic137.domain.shared.Result;
import io.syntropic137.domain.shared.TokenUsage;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random command sequences against a WorkflowExecution. The expectations come from the seed diagram and
 * the brief, written out here independently of {@link ExecutionStateMachine}, so a wrong edge in the code
 * cannot agree with itself.
 */
class WorkflowExecutionPropertiesTest {

    private static final Set<String> SEED_MOVES = Set.of(
            "NOT_STARTED->RUNNING", "RUNNING->COMPLETED", "RUNNING->FAILED", "RUNNING->PAUSED", "PAUSED->RUNNING",
            "RUNNING->INTERRUPTED", "INTERRUPTED->RUNNING", "PAUSED->CANCELLED", "RUNNING->CANCELLED");
    private static final Set<ExecutionStatus> TERMINAL = Set.of(ExecutionStatus.COMPLETED, ExecutionStatus.FAILED,
            ExecutionStatus.CANCELLED);
    private static final List<PlannedPhase> PHASES = List.of(new PlannedPhase("a", "A", 1),
            new PlannedPhase("b", "B", 2), new PlannedPhase("c", "C", 3));
    private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");

    /** What kind of command to send; the concrete command is built from the state at that moment. */
    enum Kind {
        START, START_NEXT_PHASE, START_SOME_PHASE, PROVISION, AGENT_OK, AGENT_FAILED, ARTIFACTS, COMPLETE_PHASE,
        COMPLETE, FAIL, PAUSE, YIELD, RESUME, CANCEL, INTERRUPT, RETRY
    }

    record Step(Kind kind, int pick, long tokens) {
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        // weighted towards progress, so that runs regularly get through all phases to completion
        Arbitrary<Kind> kind = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just(Kind.START)),
                Tuple.of(6, Arbitraries.just(Kind.START_NEXT_PHASE)),
                Tuple.of(6, Arbitraries.just(Kind.COMPLETE_PHASE)),
                Tuple.of(2, Arbitraries.just(Kind.AGENT_OK)),
                Tuple.of(2, Arbitraries.just(Kind.COMPLETE)),
                Tuple.of(2, Arbitraries.just(Kind.YIELD)),
                Tuple.of(10, Arbitraries.of(Kind.class)));
        Arbitrary<Step> step = Combinators.combine(
                kind, Arbitraries.integers().between(0, 5), Arbitraries.longs().between(0, 10_000))
                .as(Step::new);
        return step.list().ofMinSize(1).ofMaxSize(80);
    }

    @Property(tries = 2_000)
    void randomSequencesStayInsideTheSeedDiagram(@ForAll("steps") List<Step> steps) {
        WorkflowExecution state = WorkflowExecution.TYPE.initial();
        List<ExecutionEvent> history = new java.util.ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            ExecutionCommand command = commandFor(steps.get(i), state, i);
            Result<List<ExecutionEvent>, Rejection> result = state.decide(command);
            if (TERMINAL.contains(state.status())) {
                assertThat(result).as("%s accepted in terminal %s", command, state.status())
                        .isInstanceOf(Result.Err.class);
            }
            if (result instanceof Result.Err<List<ExecutionEvent>, Rejection> err) {
                assertThat(err.error().reason()).isNotBlank();
                continue;
            }
            for (ExecutionEvent event : ((Result.Ok<List<ExecutionEvent>, Rejection>) result).value()) {
                WorkflowExecution next = state.evolve(event);
                if (next.status() != state.status()) {
                    assertThat(SEED_MOVES).as("%s by %s", state.status() + "->" + next.status(), event)
                            .contains(state.status() + "->" + next.status());
                }
                assertGrowing(state, next);
                history.add(event);
                state = next;
            }
        }
        assertThat(WorkflowExecution.TYPE.initial().evolveAll(history)).as("replaying the history").isEqualTo(state);
        Statistics.collect(state.status());
        Statistics.coverage(check -> {
            for (ExecutionStatus status : ExecutionStatus.values()) {
                check.check(status).percentage(p -> p >= 0.5);
            }
        });
    }

    @Property(tries = 300)
    void terminalStatesAcceptNoCommandAtAll(@ForAll("steps") List<Step> steps) {
        WorkflowExecution state = WorkflowExecution.TYPE.initial();
        for (int i = 0; i < steps.size() && !TERMINAL.contains(state.status()); i++) {
            var result = state.decide(commandFor(steps.get(i), state, i));
            if (result instanceof Result.Ok<List<ExecutionEvent>, Rejection> ok) {
                state = state.evolveAll(ok.value());
            }
        }
        if (!TERMINAL.contains(state.status())) {
            return;
        }
        for (Kind kind : Kind.values()) {
            for (int pick = 0; pick < 4; pick++) {
                ExecutionCommand command = commandFor(new Step(kind, pick, 5), state, 1000 + pick);
                assertThat(state.decide(command)).as("%s in %s", command, state.status()).isInstanceOf(Result.Err.class);
            }
        }
    }

    private static void assertGrowing(WorkflowExecution before, WorkflowExecution after) {
        TokenUsage b = before.tokens();
        TokenUsage a = after.tokens();
        assertThat(a.input()).isGreaterThanOrEqualTo(b.input());
        assertThat(a.output()).isGreaterThanOrEqualTo(b.output());
        assertThat(a.cacheCreation()).isGreaterThanOrEqualTo(b.cacheCreation());
        assertThat(a.cacheRead()).isGreaterThanOrEqualTo(b.cacheRead());
        assertThat(after.costUsd()).isGreaterThanOrEqualTo(before.costUsd());
        assertThat(after.completedPhases().size()).isGreaterThanOrEqualTo(before.completedPhases().size());
        assertThat(after.artifactIds()).containsAll(before.artifactIds());
    }

    private static ExecutionCommand commandFor(Step step, WorkflowExecution state, int index) {
        String id = "ex";
        Instant at = AT.plusSeconds(index);
        String phase = state.currentPhase() != null && step.pick() < 4 ? state.currentPhase().phaseId()
                : PHASES.get(step.pick() % PHASES.size()).phaseId();
        TokenUsage tokens = new TokenUsage(step.tokens(), step.tokens() / 2, step.tokens() / 3, step.tokens() / 4);
        return switch (step.kind()) {
            case START -> new ExecutionCommand.StartExecution(id, "tpl", PHASES, "task", Map.of(), List.of(), at);
            case START_NEXT_PHASE -> new ExecutionCommand.StartPhase(id,
                    state.nextPhase().map(PlannedPhase::phaseId).orElse("a"), at);
            case START_SOME_PHASE -> new ExecutionCommand.StartPhase(id, PHASES.get(step.pick() % 3).phaseId(), at);
            case PROVISION -> new ExecutionCommand.RecordWorkspaceProvisioned(id, phase, "ws-" + index, at);
            case AGENT_OK -> new ExecutionCommand.RecordAgentCompleted(id, phase, "s-" + index, true, null, tokens,
                    BigDecimal.valueOf(step.tokens(), 4), at);
            case AGENT_FAILED -> new ExecutionCommand.RecordAgentCompleted(id, phase, "s-" + index, false, "boom", tokens,
                    BigDecimal.ZERO, at);
            case ARTIFACTS -> new ExecutionCommand.RecordArtifactsCollected(id, phase, List.of("art-" + index), at);
            case COMPLETE_PHASE -> new ExecutionCommand.CompletePhase(id, phase, at);
            case COMPLETE -> new ExecutionCommand.CompleteExecution(id, at);
            case FAIL -> new ExecutionCommand.FailExecution(id, "it broke", at);
            case PAUSE -> new ExecutionCommand.PauseExecution(id, "user", at);
            case YIELD -> new ExecutionCommand.ReachYieldPoint(id, YieldPoint.values()[step.pick() % 3], at);
            case RESUME -> new ExecutionCommand.ResumeExecution(id, at);
            case CANCEL -> new ExecutionCommand.CancelExecution(id, "stop", at);
            case INTERRUPT -> new ExecutionCommand.InterruptExecution(id, "restart", at);
            case RETRY -> new ExecutionCommand.RetryExecution(id, at);
        };
    }
}
