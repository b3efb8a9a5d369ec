package io.syntropic137.bench.projections;

import io.syntropic137.application.codec.EventCodec;
import io.syntropic137.domain.artifacts.ArtifactEvent;
import io.syntropic137.domain.artifacts.ArtifactType;
import io.syntropic137.domain.github.SafetyConfig;
import io.syntropic137.domain.github.TriggerEvent;
import io.syntropic137.domain.orchestration.ExecutionEvent;
import io.syntropic137.domain.orchestration.PlannedPhase;
import io.syntropic137.domain.organization.OrganizationEvent;
import io.syntropic137.domain.organization.RepoEvent;
import io.syntropic137.domain.organization.RepoProvider;
import io.syntropic137.domain.sessions.SessionEvent;
import io.syntropic137.domain.sessions.SessionOutcome;
import io.syntropic137.domain.shared.DomainEvent;
import io.syntropic137.domain.shared.TokenUsage;
import io.syntropic137.eventstore.Causation;
import io.syntropic137.eventstore.NewEvent;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A realistic mix of domain events, as streams ready to append: one "run" is an execution of three phases with
 * its three agent sessions, three artifacts and the trigger firing that started it (35 events over 8 streams).
 */
final class MixedHistory {
    static final int EVENTS_PER_RUN = 35;
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final EventCodec codec = EventCodec.standard();

    record StreamBatch(String streamId, List<NewEvent> events) {
    }

    /** Organization, repos and triggers every run refers to. */
    List<StreamBatch> setup(int repos, int triggers) {
        List<StreamBatch> result = new ArrayList<>();
        result.add(batch("organization-o1", new OrganizationEvent.OrganizationCreated("o1", "Acme", T0)));
        for (int r = 0; r < repos; r++) {
            result.add(batch("repo-r" + r, new RepoEvent.RepoRegistered("r" + r, "o1", RepoProvider.GITHUB, repo(r), "main",
                    "i1", false, T0)));
        }
        for (int t = 0; t < triggers; t++) {
            result.add(batch("trigger-t" + t, new TriggerEvent.TriggerRegistered("t" + t, "trigger " + t, "pull_request.opened",
                    repo(t % repos), "wf-" + (t % 10), List.of(), Map.of(), SafetyConfig.DEFAULTS, T0)));
        }
        return result;
    }

    private static String repo(int r) {
        return "acme/repo-" + r;
    }

    /** The streams of run {@code n}; a run's trigger firing is appended to an existing trigger stream. */
    List<StreamBatch> run(long n, int repos, int triggers) {
        String e = "x" + n;
        Instant at = T0.plusSeconds(n * 10);
        List<PlannedPhase> phases = List.of(new PlannedPhase("plan", "Plan", 1), new PlannedPhase("build", "Build", 2),
                new PlannedPhase("review", "Review", 3));
        String template = "wf-" + (n % 10);
        List<DomainEvent> exec = new ArrayList<>();
        exec.add(new ExecutionEvent.ExecutionStarted(e, template, phases, "task " + n, Map.of("issue", Long.toString(n)),
                List.of(repo((int) (n % repos))), at));
        List<StreamBatch> result = new ArrayList<>();
        for (int p = 0; p < phases.size(); p++) {
            String phase = phases.get(p).phaseId();
            String session = e + "-" + phase;
            String artifact = e + "-a" + p;
            TokenUsage tokens = new TokenUsage(1000 + n % 100, 200, 50, 10);
            BigDecimal cost = new BigDecimal("0.0" + (1 + n % 9));
            Instant t = at.plusSeconds(p * 3L);
            exec.add(new ExecutionEvent.PhaseStarted(e, phase, 1, t));
            exec.add(new ExecutionEvent.WorkspaceProvisionedForPhase(e, phase, "ws-" + session, t));
            exec.add(new ExecutionEvent.AgentExecutionCompleted(e, phase, session, true, null, tokens, cost, t.plusSeconds(2)));
            exec.add(new ExecutionEvent.ArtifactsCollectedForPhase(e, phase, List.of(artifact), t.plusSeconds(2)));
            exec.add(new ExecutionEvent.PhaseCompleted(e, phase, tokens, cost, List.of(artifact), t.plusSeconds(2)));
            if (p < phases.size() - 1) {
                exec.add(new ExecutionEvent.NextPhaseReady(e, phases.get(p + 1).phaseId(), t.plusSeconds(2)));
            }
            result.add(batch("session-" + session,
                    new SessionEvent.SessionStarted(session, e, phase, "anthropic", p == 1 ? "opus" : "sonnet", t),
                    new SessionEvent.OperationRecorded(session, "llm", tokens, cost, t.plusSeconds(1)),
                    new SessionEvent.OperationRecorded(session, "tool", TokenUsage.NONE, BigDecimal.ZERO, t.plusSeconds(1)),
                    new SessionEvent.SessionCompleted(session, SessionOutcome.COMPLETED, null, tokens, cost, 2, t.plusSeconds(2))));
            result.add(batch("artifact-" + artifact, new ArtifactEvent.ArtifactCreated(artifact, e, phase, session,
                    ArtifactType.CODE, "text/plain", "artifact " + artifact, 1000, "ab".repeat(32), "file:///" + artifact,
                    p == 2, List.of(), t.plusSeconds(2))));
        }
        exec.add(new ExecutionEvent.ExecutionCompleted(e, 3, TokenUsage.NONE, BigDecimal.ZERO, at.plusSeconds(9)));
        result.addFirst(batch("execution-" + e, exec.toArray(DomainEvent[]::new)));
        int trigger = (int) (n % triggers);
        result.add(batch("trigger-t" + trigger, new TriggerEvent.TriggerFired("t" + trigger, "d" + n, e, (int) (n % 1000),
                n / triggers + 1, at)));
        return result;
    }

    StreamBatch batch(String stream, DomainEvent... events) {
        List<NewEvent> encoded = new ArrayList<>(events.length);
        for (DomainEvent event : events) {
            EventCodec.Encoded x = codec.encode(event);
            encoded.add(new NewEvent(UUID.randomUUID(), x.type(), x.schemaVersion(), x.json(), Causation.NONE));
        }
        return new StreamBatch(stream, encoded);
    }
}
