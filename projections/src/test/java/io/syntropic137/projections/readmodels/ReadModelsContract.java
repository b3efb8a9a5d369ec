package io.syntropic137.projections.readmodels;

import io.syntropic137.application.codec.EventCodec;
import io.syntropic137.domain.artifacts.Artifact;
import io.syntropic137.domain.artifacts.ArtifactCommand;
import io.syntropic137.domain.artifacts.ArtifactType;
import io.syntropic137.domain.github.ConditionOperator;
import io.syntropic137.domain.github.SafetyConfig;
import io.syntropic137.domain.github.TriggerCommand;
import io.syntropic137.domain.github.TriggerCondition;
import io.syntropic137.domain.github.TriggerRule;
import io.syntropic137.domain.github.TriggerStatus;
import io.syntropic137.domain.orchestration.ExecutionAction;
import io.syntropic137.domain.orchestration.ExecutionCommand;
import io.syntropic137.domain.orchestration.ExecutionStatus;
import io.syntropic137.domain.orchestration.InputDeclaration;
import io.syntropic137.domain.orchestration.PhaseDefinition;
import io.syntropic137.domain.orchestration.TemplateCommand;
import io.syntropic137.domain.orchestration.TemplateType;
import io.syntropic137.domain.orchestration.WorkflowTemplate;
import io.syntropic137.domain.orchestration.YieldPoint;
import io.syntropic137.domain.organization.Organization;
import io.syntropic137.domain.organization.OrganizationCommand;
import io.syntropic137.domain.organization.Repo;
import io.syntropic137.domain.organization.RepoCommand;
import io.syntropic137.domain.organization.RepoProvider;
import io.syntropic137.domain.organization.RepoSystem;
import io.syntropic137.domain.organization.SystemCommand;
import io.syntropic137.domain.sessions.AgentSession;
import io.syntropic137.domain.sessions.SessionCommand;
import io.syntropic137.domain.sessions.SessionOutcome;
import io.syntropic137.domain.sessions.SessionStatus;
import io.syntropic137.domain.shared.TokenUsage;
import io.syntropic137.eventstore.EventStore;
import io.syntropic137.projections.Projection;
import io.syntropic137.projections.ProjectionManager;
import io.syntropic137.projections.ProjectionTables;
import io.syntropic137.projections.ReadModelDatabase;
import io.syntropic137.projections.cache.InProcessQueryCache;
import io.syntropic137.projections.readmodels.artifacts.ArtifactQueries;
import io.syntropic137.projections.readmodels.executions.ControlState;
import io.syntropic137.projections.readmodels.executions.CostQueries;
import io.syntropic137.projections.readmodels.executions.ExecutionDetail;
import io.syntropic137.projections.readmodels.executions.ExecutionFilter;
import io.syntropic137.projections.readmodels.executions.ExecutionQueries;
import io.syntropic137.projections.readmodels.executions.ExecutionSummary;
import io.syntropic137.projections.readmodels.executions.PhaseStatus;
import io.syntropic137.projections.readmodels.executions.PhaseView;
import io.syntropic137.projections.readmodels.executions.RepoQueries;
import io.syntropic137.projections.readmodels.executions.WorkflowMetricsQueries;
import io.syntropic137.projections.readmodels.organization.OrganizationQueries;
import io.syntropic137.projections.readmodels.sessions.SessionQueries;
import io.syntropic137.projections.readmodels.sessions.SessionView;
import io.syntropic137.projections.readmodels.support.Page;
import io.syntropic137.projections.readmodels.support.PageRequest;
import io.syntropic137.projections.readmodels.triggers.TriggerQueries;
import io.syntropic137.projections.readmodels.workflows.WorkflowQueries;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import io.syntropic137.domain.orchestration.PlannedPhase;
import io.syntropic137.domain.orchestration.WorkflowSettings;
import io.syntropic137.domain.orchestration.PhaseKind;
import java.util.Map;

import static io.syntropic137.projections.readmodels.Story.at;
import static org.assertj.core.api.Assertions.assertThat;

/** Every read model, given events produced by real commands, on real storage; one subclass per backend. */
abstract class ReadModelsContract {
    private static final Duration WAIT = Duration.ofSeconds(30);
    protected EventStore store;
    protected ReadModelDatabase database;
    private ProjectionManager manager;
    private ReadModels.Queries q;
    private Story story;
    private final List<Projection> projections = ReadModels.projections(EventCodec.standard());

    protected abstract void openStorage();

    protected abstract void dropStorage();

    @BeforeEach
    void open() {
        openStorage();
        story = new Story(store);
    }

    @AfterEach
    void close() {
        if (manager != null) {
            manager.close();
        }
        database.close();
        store.close();
        dropStorage();
    }

    private void startManager() throws SQLException {
        manager = new ProjectionManager(store, database, projections, 50, new InProcessQueryCache(10_000));
        manager.start();
        q = ReadModels.queries(manager, database);
    }

    /** Read-your-writes: every projection has applied everything the story wrote. */
    private void caughtUp() throws InterruptedException {
        for (Projection p : projections) {
            assertThat(manager.awaitPosition(p.name(), story.lastPosition, WAIT)).as(p.name()).isTrue();
        }
    }

    private static TokenUsage tokens(long in, long out) {
        return new TokenUsage(in, out, 0, 0);
    }

    // ---- workflows ----

    private void createTemplate(String id, String name, TemplateType type, long second) {
        story.send(WorkflowTemplate.TYPE, new TemplateCommand.CreateWorkflowTemplate(id, name, type, "general", "acme/app",
                "main", List.of(new InputDeclaration("issue", "the issue", true, null)),
                List.of(new PhaseDefinition("plan", "Plan", 1, "plan it", "sonnet", 600, List.of("Read")),
                        new PhaseDefinition("build", "Build", 2, "build it", "opus", 1200, List.of("Read", "Edit"))),
                at(second)));
    }

    @Test
    void workflowListAndDetailFollowCreationPhaseUpdatesAndArchiving() throws Exception {
        createTemplate("wf-b", "Bravo", TemplateType.IMPLEMENTATION, 1);
        createTemplate("wf-a", "alpha", TemplateType.RESEARCH, 2);
        createTemplate("wf-c", "Charlie", TemplateType.IMPLEMENTATION, 3);
        startManager(); // catches up from events written before it started
        story.send(WorkflowTemplate.TYPE, new TemplateCommand.UpdatePhase("wf-b", "build", "build it well", "haiku", 900, null, at(4)));
        story.send(WorkflowTemplate.TYPE, new TemplateCommand.ArchiveWorkflowTemplate("wf-c", 0, at(5)));
        caughtUp();

        Page<WorkflowQueries.WorkflowSummary> byName = q.workflows().list(WorkflowQueries.Filter.ACTIVE,
                WorkflowQueries.Sort.NAME, PageRequest.first(10));
        assertThat(byName.items()).extracting(WorkflowQueries.WorkflowSummary::templateId).containsExactly("wf-b", "wf-a");
        assertThat(byName.nextCursor()).isNull();
        Page<WorkflowQueries.WorkflowSummary> all = q.workflows().list(new WorkflowQueries.Filter(TemplateType.IMPLEMENTATION,
                true, "r"), WorkflowQueries.Sort.NEWEST_FIRST, PageRequest.first(1));
        assertThat(all.items()).extracting(WorkflowQueries.WorkflowSummary::templateId).containsExactly("wf-c");
        assertThat(all.items().getFirst().archived()).isTrue();
        Page<WorkflowQueries.WorkflowSummary> second = q.workflows().list(new WorkflowQueries.Filter(TemplateType.IMPLEMENTATION,
                true, "r"), WorkflowQueries.Sort.NEWEST_FIRST, PageRequest.first(1).next(all.nextCursor()));
        assertThat(second.items()).extracting(WorkflowQueries.WorkflowSummary::templateId).containsExactly("wf-b");

        WorkflowQueries.WorkflowDetail detail = q.workflows().detail("wf-b").orElseThrow();
        assertThat(detail.summary().updatedAt()).isEqualTo(at(4));
        assertThat(detail.inputs()).extracting(InputDeclaration::name).containsExactly("issue");
        assertThat(detail.phases()).extracting(PhaseDefinition::phaseId).containsExactly("plan", "build");
        PhaseDefinition build = detail.phases().get(1);
        assertThat(build.prompt()).isEqualTo("build it well");
        assertThat(build.model()).isEqualTo("haiku");
        assertThat(build.timeoutSeconds()).isEqualTo(900);
        assertThat(build.allowedTools()).containsExactly("Read", "Edit");
        assertThat(q.workflows().detail("wf-nope")).isEmpty();
    }

    // ---- executions ----

    /** e1: two phases, completed; e2: agent failed in phase one, execution failed. Both on acme/app. */
    private void twoExecutions() {
        story.start("e1", "wf-1", List.of("acme/app", "acme/lib"), 10, "plan", "build");
        story.runPhase("e1", "plan", 11, 30, tokens(100, 50), "0.25", List.of("a1"));
        story.runPhase("e1", "build", 50, 90, tokens(1000, 500), "1.50", List.of("a2", "a3"));
        story.exec(new ExecutionCommand.CompleteExecution("e1", at(200)));

        story.start("e2", "wf-1", List.of("acme/app"), 300, "plan", "build");
        story.exec(new ExecutionCommand.StartPhase("e2", "plan", at(301)));
        story.exec(new ExecutionCommand.RecordAgentCompleted("e2", "plan", "s-e2", false, "model refused", tokens(10, 5),
                new BigDecimal("0.05"), at(320)));
        story.exec(new ExecutionCommand.FailExecution("e2", "agent failed", at(321)));
    }

    @Test
    void executionListDetailPhasesAndCostsFollowTheLifecycle() throws Exception {
        startManager(); // built live, event by event as the commands arrive
        twoExecutions();
        caughtUp();

        ExecutionDetail e1 = q.executions().detail("e1").orElseThrow();
        assertThat(e1.summary().status()).isEqualTo(ExecutionStatus.COMPLETED);
        assertThat(e1.summary().phasesCompleted()).isEqualTo(2);
        assertThat(e1.summary().finishedAt()).isEqualTo(at(200));
        assertThat(e1.summary().tokens()).isEqualTo(tokens(1100, 550));
        assertThat(e1.summary().costUsd()).isEqualByComparingTo("1.75");
        assertThat(e1.summary().repos()).containsExactly("acme/app", "acme/lib");
        assertThat(e1.inputs()).containsEntry("branch", "main");
        assertThat(e1.artifactCount()).isEqualTo(3);
        assertThat(e1.phases()).extracting(PhaseView::phaseId, PhaseView::status, PhaseView::durationMs, PhaseView::attempts)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("plan", PhaseStatus.COMPLETED, 30_000L, 1),
                        org.assertj.core.groups.Tuple.tuple("build", PhaseStatus.COMPLETED, 90_000L, 1));
        PhaseView build = e1.phases().get(1);
        assertThat(build.artifactIds()).containsExactly("a2", "a3");
        assertThat(build.workspaceId()).isEqualTo("ws-e1-build");
        assertThat(build.sessionId()).isEqualTo("s-e1-build");
        assertThat(build.agentSucceeded()).isTrue();

        ExecutionDetail e2 = q.executions().detail("e2").orElseThrow();
        assertThat(e2.summary().status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(e2.error()).isEqualTo("agent failed");
        assertThat(e2.phases()).extracting(PhaseView::status).containsExactly(PhaseStatus.FAILED, PhaseStatus.PENDING);
        assertThat(e2.phases().getFirst().agentSucceeded()).isFalse();
        assertThat(e2.phases().getFirst().error()).isEqualTo("model refused");

        CostQueries.ExecutionCost cost = q.costs().execution("e1").orElseThrow();
        assertThat(cost.phases()).extracting(CostQueries.PhaseCost::costUsd)
                .usingElementComparator(BigDecimal::compareTo).containsExactly(new BigDecimal("0.25"), new BigDecimal("1.50"));
        assertThat(q.costs().phase("e1", "build").orElseThrow().tokens()).isEqualTo(tokens(1000, 500));
        assertThat(q.costs().execution("nope")).isEmpty();

        assertThat(q.repos().executionsOf("acme/app", PageRequest.first(10)).items())
                .extracting(RepoQueries.RepoExecution::executionId, RepoQueries.RepoExecution::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("e2", ExecutionStatus.FAILED),
                        org.assertj.core.groups.Tuple.tuple("e1", ExecutionStatus.COMPLETED));
        assertThat(q.repos().reposOf("e1")).extracting(RepoQueries.RepoExecution::repo).containsExactly("acme/app", "acme/lib");
        RepoQueries.RepoHealth app = q.repos().health("acme/app").orElseThrow();
        assertThat(app.runs().started()).isEqualTo(2);
        assertThat(app.runs().completed()).isEqualTo(1);
        assertThat(app.runs().failed()).isEqualTo(1);
        assertThat(app.runs().successRate()).isEqualTo(0.5);
        assertThat(app.lastExecutionId()).isEqualTo("e2");
        assertThat(app.lastStatus()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(app.lastRunAt()).isEqualTo(at(300));
        assertThat(q.repos().health("acme/lib").orElseThrow().runs().successRate()).isEqualTo(1.0);
        assertThat(q.repos().healthList(PageRequest.first(10)).items()).extracting(RepoQueries.RepoHealth::repo)
                .containsExactly("acme/app", "acme/lib");

        List<WorkflowMetricsQueries.PhaseMetrics> metrics = q.workflowMetrics().phases("wf-1");
        assertThat(metrics).extracting(WorkflowMetricsQueries.PhaseMetrics::phaseId).containsExactly("plan", "build");
        WorkflowMetricsQueries.PhaseMetrics plan = metrics.getFirst();
        assertThat(plan.started()).isEqualTo(2);
        assertThat(plan.completed()).isEqualTo(1);
        assertThat(plan.agentFailures()).isEqualTo(1);
        assertThat(plan.averageDurationMs()).isEqualTo(30_000L);
        assertThat(plan.costUsd()).isEqualByComparingTo("0.30");
        WorkflowMetricsQueries.WorkflowRuns runs = q.workflowMetrics().runs("wf-1");
        assertThat(runs.runs().completed()).isEqualTo(1);
        assertThat(runs.runs().failed()).isEqualTo(1);
        assertThat(runs.running()).isZero();
        assertThat(runs.costUsd()).isEqualByComparingTo("1.80");
        assertThat(q.workflowMetrics().runs("wf-never").runs().started()).isZero();

        var dashboard = q.dashboard().dashboard();
        assertThat(dashboard.executions().started()).isEqualTo(2);
        assertThat(dashboard.executions().completed()).isEqualTo(1);
        assertThat(dashboard.running()).isZero();
        assertThat(dashboard.executionCostUsd()).isEqualByComparingTo("1.80");
        assertThat(dashboard.executionTokens()).isEqualTo(tokens(1110, 555));
    }

    @Test
    void controlStateFollowsPauseResumeAndCancelAndEveryCommandIsVisibleRightAfterIt() throws Exception {
        startManager();
        story.start("c1", "wf-1", List.of(), 1, "plan", "build");
        story.exec(new ExecutionCommand.StartPhase("c1", "plan", at(2)));
        caughtUp();
        ControlState running = q.executions().control("c1").orElseThrow(); // now cached
        assertThat(running.status()).isEqualTo(ExecutionStatus.RUNNING);
        assertThat(running.allowedActions()).contains(ExecutionAction.PAUSE, ExecutionAction.CANCEL);
        assertThat(q.dashboard().dashboard().running()).isEqualTo(1);

        long pos = story.exec(new ExecutionCommand.PauseExecution("c1", "lunch", at(3)));
        assertThat(manager.awaitPosition("executions", pos, WAIT)).isTrue();
        ControlState requested = q.executions().control("c1").orElseThrow();
        assertThat(requested.status()).isEqualTo(ExecutionStatus.RUNNING);
        assertThat(requested.pauseRequested()).isTrue();
        assertThat(requested.pauseReason()).isEqualTo("lunch");

        pos = story.exec(new ExecutionCommand.ReachYieldPoint("c1", YieldPoint.AFTER_LLM_CALL, at(4)));
        assertThat(manager.awaitPosition("executions", pos, WAIT)).isTrue();
        ControlState paused = q.executions().control("c1").orElseThrow();
        assertThat(paused.status()).isEqualTo(ExecutionStatus.PAUSED);
        assertThat(paused.pauseRequested()).isFalse();
        assertThat(paused.yieldPoint()).isEqualTo(YieldPoint.AFTER_LLM_CALL);
        assertThat(paused.currentPhaseId()).isEqualTo("plan");
        assertThat(paused.allowedActions()).containsExactly(ExecutionAction.RESUME, ExecutionAction.CANCEL);
        var dashboard = q.dashboard().dashboard();
        assertThat(dashboard.running()).isZero();
        assertThat(dashboard.paused()).isEqualTo(1);

        pos = story.exec(new ExecutionCommand.ResumeExecution("c1", at(5)));
        assertThat(manager.awaitPosition("executions", pos, WAIT)).isTrue();
        assertThat(q.executions().control("c1").orElseThrow().status()).isEqualTo(ExecutionStatus.RUNNING);

        pos = story.exec(new ExecutionCommand.CancelExecution("c1", "not needed", at(6)));
        assertThat(manager.awaitPosition("executions", pos, WAIT)).isTrue();
        ControlState cancelled = q.executions().control("c1").orElseThrow();
        assertThat(cancelled.status()).isEqualTo(ExecutionStatus.CANCELLED);
        assertThat(cancelled.terminal()).isTrue();
        assertThat(cancelled.allowedActions()).isEmpty();
        ExecutionDetail detail = q.executions().detail("c1").orElseThrow();
        assertThat(detail.cancelReason()).isEqualTo("not needed");
        assertThat(detail.phases()).extracting(PhaseView::status).containsExactly(PhaseStatus.CANCELLED, PhaseStatus.PENDING);
        assertThat(q.dashboard().dashboard().executions().cancelled()).isEqualTo(1);
        assertThat(q.executions().control("nope")).isEmpty();
    }

    @Test
    void aQueuedExecutionIsListedBeforeItStartsAndRetriesAndApprovalsShowOnItsPhases() throws Exception {
        startManager();
        var plan = List.of(new PlannedPhase("plan", "Plan", 1), new PlannedPhase("gate", "Gate", 2, PhaseKind.APPROVAL));
        long pos = story.exec(new ExecutionCommand.QueueExecution("q1", "wf-q", plan, List.of(), WorkflowSettings.DEFAULTS,
                "later", Map.of(), List.of(), at(1)));
        assertThat(manager.awaitPosition("executions", pos, WAIT)).isTrue(); // the queued event alone, in its own page
        assertThat(q.executions().detail("q1").orElseThrow().summary().status()).isEqualTo(ExecutionStatus.NOT_STARTED);

        story.exec(ExecutionCommand.StartExecution.queued("q1", at(2)));
        story.exec(new ExecutionCommand.StartPhase("q1", "plan", at(3)));
        story.exec(new ExecutionCommand.RecordAgentCompleted("q1", "plan", "s1", false, "exit 2", tokens(10, 1),
                BigDecimal.ONE, at(4)));
        story.exec(new ExecutionCommand.RetryPhase("q1", "plan", "exit 2", at(5)));
        story.exec(new ExecutionCommand.StartPhase("q1", "plan", at(6)));
        story.exec(new ExecutionCommand.CompletePhase("q1", "plan", at(7)));
        pos = story.exec(new ExecutionCommand.RequestApproval("q1", "gate", at(8)));
        assertThat(manager.awaitPosition("executions", pos, WAIT)).isTrue();
        ExecutionDetail waiting = q.executions().detail("q1").orElseThrow();
        assertThat(waiting.summary().status()).isEqualTo(ExecutionStatus.PAUSED);
        assertThat(waiting.pauseReason()).isEqualTo("awaiting approval of phase 'gate'");
        assertThat(waiting.phases().getFirst().attempts()).isEqualTo(2);
        assertThat(waiting.phases().getFirst().status()).isEqualTo(PhaseStatus.COMPLETED);

        pos = story.exec(new ExecutionCommand.RejectPhase("q1", "gate", "bo", "no", at(9)));
        assertThat(manager.awaitPosition("executions", pos, WAIT)).isTrue();
        ExecutionDetail rejected = q.executions().detail("q1").orElseThrow();
        assertThat(rejected.summary().status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(rejected.phases().get(1).error()).isEqualTo("rejected by bo: no");
    }

    @Test
    void anInterruptedExecutionRetriedRerunsTheDiscardedPhaseAndKeepsWhatItCost() throws Exception {
        story.start("r1", "wf-1", List.of("acme/app"), 1, "plan", "build");
        story.runPhase("r1", "plan", 2, 10, tokens(10, 10), "0.10", List.of());
        story.exec(new ExecutionCommand.StartPhase("r1", "build", at(20)));
        story.exec(new ExecutionCommand.RecordAgentCompleted("r1", "build", "s-x", true, null, tokens(5, 5),
                new BigDecimal("0.20"), at(25)));
        story.exec(new ExecutionCommand.InterruptExecution("r1", "server restarted", at(26)));
        startManager();
        caughtUp();
        assertThat(q.executions().detail("r1").orElseThrow().phases()).extracting(PhaseView::status)
                .containsExactly(PhaseStatus.COMPLETED, PhaseStatus.INTERRUPTED);
        assertThat(q.repos().health("acme/app").orElseThrow().runs().interrupted()).isEqualTo(1);

        story.exec(new ExecutionCommand.RetryExecution("r1", at(30)));
        story.runPhase("r1", "build", 31, 5, tokens(5, 5), "0.20", List.of());
        story.exec(new ExecutionCommand.CompleteExecution("r1", at(40)));
        caughtUp();
        ExecutionDetail detail = q.executions().detail("r1").orElseThrow();
        assertThat(detail.summary().status()).isEqualTo(ExecutionStatus.COMPLETED);
        assertThat(detail.summary().attempt()).isEqualTo(2);
        assertThat(detail.interruptReason()).isNull();
        PhaseView build = detail.phases().get(1);
        assertThat(build.status()).isEqualTo(PhaseStatus.COMPLETED);
        assertThat(build.attempts()).isEqualTo(2);
        assertThat(build.costUsd()).isEqualByComparingTo("0.40");
        assertThat(detail.summary().costUsd()).isEqualByComparingTo("0.50");
        RepoQueries.RepoHealth health = q.repos().health("acme/app").orElseThrow();
        assertThat(health.runs().completed()).isEqualTo(1);
        assertThat(health.lastStatus()).isEqualTo(ExecutionStatus.COMPLETED);
        assertThat(health.runs().successRate()).isEqualTo(1.0);
    }

    @Test
    void theExecutionListFiltersAndPagesWithAStableCursor() throws Exception {
        startManager();
        Map<String, ExecutionStatus> expected = new LinkedHashMap<>();
        for (int i = 0; i < 23; i++) {
            String id = String.format("x%02d", i);
            // three executions share each start second, so the cursor's tie-breaker is exercised
            story.start(id, "wf-" + (i % 3), List.of(i % 2 == 0 ? "acme/even" : "acme/odd"), 1000 + i / 3, "only");
            if (i % 4 == 0) {
                story.exec(new ExecutionCommand.CancelExecution(id, null, at(2000)));
                expected.put(id, ExecutionStatus.CANCELLED);
            } else {
                expected.put(id, ExecutionStatus.RUNNING);
            }
        }
        caughtUp();
        List<String> newestFirst = expected.keySet().stream()
                .sorted(Comparator.comparing((String id) -> Integer.parseInt(id.substring(1)) / 3).thenComparing(id -> id)
                        .reversed()).toList();
        assertThat(walk(ExecutionFilter.ALL, ExecutionQueries.Sort.NEWEST_FIRST, 5)).isEqualTo(newestFirst);
        assertThat(walk(ExecutionFilter.ALL, ExecutionQueries.Sort.OLDEST_FIRST, 7)).isEqualTo(newestFirst.reversed());
        assertThat(walk(ExecutionFilter.ALL.withStatus(ExecutionStatus.CANCELLED), ExecutionQueries.Sort.NEWEST_FIRST, 2))
                .isEqualTo(newestFirst.stream().filter(id -> expected.get(id) == ExecutionStatus.CANCELLED).toList());
        assertThat(walk(ExecutionFilter.ALL.withTemplate("wf-1").withRepo("acme/odd"), ExecutionQueries.Sort.NEWEST_FIRST, 3))
                .isEqualTo(newestFirst.stream().filter(id -> {
                    int i = Integer.parseInt(id.substring(1));
                    return i % 3 == 1 && i % 2 == 1;
                }).toList());

        // a page read, then new executions start: the next page continues where the first ended
        Page<ExecutionSummary> first = q.executions().list(ExecutionFilter.ALL, ExecutionQueries.Sort.NEWEST_FIRST, PageRequest.first(4));
        story.start("late", "wf-0", List.of(), 5000, "only");
        caughtUp();
        Page<ExecutionSummary> next = q.executions().list(ExecutionFilter.ALL, ExecutionQueries.Sort.NEWEST_FIRST,
                PageRequest.first(4).next(first.nextCursor()));
        assertThat(next.items()).extracting(ExecutionSummary::executionId).isEqualTo(newestFirst.subList(4, 8));
    }

    private List<String> walk(ExecutionFilter filter, ExecutionQueries.Sort sort, int limit) {
        List<String> ids = new ArrayList<>();
        PageRequest page = PageRequest.first(limit);
        while (true) {
            Page<ExecutionSummary> result = q.executions().list(filter, sort, page);
            assertThat(result.items().size()).isLessThanOrEqualTo(limit);
            result.items().forEach(s -> ids.add(s.executionId()));
            if (result.nextCursor() == null) {
                return ids;
            }
            page = page.next(result.nextCursor());
        }
    }

    // ---- sessions ----

    private void sessions() {
        story.send(AgentSession.TYPE, new SessionCommand.StartSession("s1", "e1", "plan", "anthropic", "sonnet", at(1)));
        story.send(AgentSession.TYPE, new SessionCommand.RecordOperation("s1", "llm", tokens(100, 10), new BigDecimal("0.10"), at(2)));
        story.send(AgentSession.TYPE, new SessionCommand.RecordOperation("s1", "llm", tokens(200, 20), new BigDecimal("0.20"), at(3)));
        story.send(AgentSession.TYPE, new SessionCommand.StartSession("s2", "e1", "build", "anthropic", "opus", at(4)));
        story.send(AgentSession.TYPE, new SessionCommand.RecordOperation("s2", "llm", tokens(50, 5), new BigDecimal("1.00"), at(5)));
        story.send(AgentSession.TYPE, new SessionCommand.CompleteSession("s2", SessionOutcome.FAILED, "crashed", tokens(60, 6),
                new BigDecimal("1.25"), at(6)));
        story.send(AgentSession.TYPE, new SessionCommand.StartSession("s3", "e2", "plan", "anthropic", "sonnet", at(7)));
        story.send(AgentSession.TYPE, new SessionCommand.CompleteSession("s3", SessionOutcome.COMPLETED, null, null, null, at(8)));
    }

    @Test
    void sessionListDetailAndCostPerSessionAndModel() throws Exception {
        sessions();
        startManager();
        caughtUp();
        assertThat(q.sessions().list(SessionQueries.Filter.ALL, PageRequest.first(10)).items()).extracting(SessionView::sessionId)
                .containsExactly("s3", "s2", "s1");
        assertThat(q.sessions().list(new SessionQueries.Filter("e1", null, null), PageRequest.first(1)).items())
                .extracting(SessionView::sessionId).containsExactly("s2");
        assertThat(q.sessions().list(new SessionQueries.Filter(null, SessionStatus.RUNNING, "sonnet"), PageRequest.first(5)).items())
                .extracting(SessionView::sessionId).containsExactly("s1");

        SessionView s1 = q.sessions().detail("s1").orElseThrow();
        assertThat(s1.status()).isEqualTo(SessionStatus.RUNNING);
        assertThat(s1.operationCount()).isEqualTo(2);
        assertThat(s1.tokens()).isEqualTo(tokens(300, 30));
        assertThat(s1.costUsd()).isEqualByComparingTo("0.30");
        SessionView s2 = q.sessions().detail("s2").orElseThrow();
        assertThat(s2.status()).isEqualTo(SessionStatus.FAILED);
        assertThat(s2.error()).isEqualTo("crashed");
        assertThat(s2.tokens()).isEqualTo(tokens(60, 6)); // the reported totals replace the running sum
        assertThat(s2.costUsd()).isEqualByComparingTo("1.25");

        List<SessionQueries.ModelCost> byModel = q.sessions().costByModel();
        assertThat(byModel).extracting(SessionQueries.ModelCost::model).containsExactly("opus", "sonnet");
        assertThat(byModel.get(0).costUsd()).isEqualByComparingTo("1.25");
        assertThat(byModel.get(1).costUsd()).isEqualByComparingTo("0.30");
        assertThat(byModel.get(1).sessions()).isEqualTo(2);
        assertThat(byModel.get(1).tokens()).isEqualTo(tokens(300, 30));
        SessionQueries.ModelCost totals = q.sessions().totals();
        assertThat(totals.costUsd()).isEqualByComparingTo("1.55");
        assertThat(totals.running()).isEqualTo(1);
        assertThat(totals.failed()).isEqualTo(1);
        assertThat(totals.completed()).isEqualTo(1);
        assertThat(q.dashboard().dashboard().sessions()).isEqualTo(3);
    }

    // ---- artifacts, triggers, organization ----

    private void artifacts() {
        story.send(Artifact.TYPE, new ArtifactCommand.CreateArtifact("a1", "e1", "plan", "s1", ArtifactType.PLAN, "text/markdown",
                "The plan", 120, "ab".repeat(32), "file:///a1", true, List.of(), at(1)));
        story.send(Artifact.TYPE, new ArtifactCommand.CreateArtifact("a2", "e1", "build", "s2", ArtifactType.DIFF, "text/x-diff",
                "The diff", 300, "cd".repeat(32), "file:///a2", false, List.of("a1"), at(2)));
        story.send(Artifact.TYPE, new ArtifactCommand.CreateArtifact("a3", "e2", "plan", "s3", ArtifactType.LOG, "text/plain",
                "A log", 10, "ef".repeat(32), "file:///a3", false, List.of(), at(3)));
        story.send(Artifact.TYPE, new ArtifactCommand.UpdateArtifactMetadata("a2", "The final diff", ArtifactType.CODE, true, at(4)));
        story.send(Artifact.TYPE, new ArtifactCommand.DeleteArtifact("a3", "noise", at(5)));
    }

    @Test
    void artifactListFiltersAndShowsMetadataChangesAndDeletions() throws Exception {
        startManager();
        artifacts();
        caughtUp();
        assertThat(q.artifacts().list(ArtifactQueries.Filter.ALL, PageRequest.first(10)).items())
                .extracting(ArtifactQueries.ArtifactView::artifactId).containsExactly("a2", "a1");
        assertThat(q.artifacts().list(new ArtifactQueries.Filter(null, null, null, true), PageRequest.first(10)).items())
                .extracting(ArtifactQueries.ArtifactView::artifactId).containsExactly("a3", "a2", "a1");
        assertThat(q.artifacts().list(new ArtifactQueries.Filter("e1", "build", ArtifactType.CODE, false), PageRequest.first(10))
                .items()).extracting(ArtifactQueries.ArtifactView::title).containsExactly("The final diff");
        ArtifactQueries.ArtifactView a2 = q.artifacts().get("a2").orElseThrow();
        assertThat(a2.primaryDeliverable()).isTrue();
        assertThat(a2.derivedFrom()).containsExactly("a1");
        assertThat(a2.updatedAt()).isEqualTo(at(4));
        assertThat(q.artifacts().get("a3").orElseThrow().deleteReason()).isEqualTo("noise");
    }

    private void triggers() {
        List<TriggerCondition> conditions = List.of(TriggerCondition.of("action", ConditionOperator.values()[0], "opened"));
        story.send(TriggerRule.TYPE, new TriggerCommand.RegisterTrigger("t1", "review PRs", "pull_request.opened", "acme/app", "wf-1",
                conditions, Map.of("pr", "pull_request.number"), SafetyConfig.DEFAULTS, at(1)));
        story.send(TriggerRule.TYPE, new TriggerCommand.RegisterTrigger("t2", "fix CI", "check_run.completed", "acme/app", "wf-2",
                List.of(), Map.of(), SafetyConfig.DEFAULTS, at(2)));
        story.send(TriggerRule.TYPE, new TriggerCommand.RegisterTrigger("t3", "other repo", "pull_request.opened", "acme/lib", "wf-1",
                List.of(), Map.of(), SafetyConfig.DEFAULTS, at(3)));
        story.send(TriggerRule.TYPE, new TriggerCommand.RecordTriggerFired("t1", "d1", "e1", 7, at(4)));
        story.send(TriggerRule.TYPE, new TriggerCommand.RecordTriggerBlocked("t1", "d2", "cooldown", "too soon", 7, at(5)));
        story.send(TriggerRule.TYPE, new TriggerCommand.RecordTriggerFired("t1", "d3", "e2", 8, at(400)));
        story.send(TriggerRule.TYPE, new TriggerCommand.PauseTrigger("t2", "flaky", at(6)));
        story.send(TriggerRule.TYPE, new TriggerCommand.DeleteTrigger("t3", at(7)));
    }

    @Test
    void triggerIndexFindsActiveRulesAndHistoryListsWhatHappened() throws Exception {
        triggers();
        startManager();
        caughtUp();
        assertThat(q.triggers().matching("acme/app", "pull_request.opened")).extracting(TriggerQueries.TriggerView::triggerId)
                .containsExactly("t1");
        assertThat(q.triggers().matching("acme/app", "check_run.completed")).isEmpty(); // paused
        assertThat(q.triggers().matching("acme/lib", "pull_request.opened")).isEmpty(); // deleted
        assertThat(q.triggers().list(TriggerQueries.Filter.ALL, PageRequest.first(10)).items())
                .extracting(TriggerQueries.TriggerView::triggerId).containsExactly("t2", "t1");
        assertThat(q.triggers().list(new TriggerQueries.Filter(null, null, TriggerStatus.DELETED), PageRequest.first(10)).items())
                .extracting(TriggerQueries.TriggerView::triggerId).containsExactly("t3");
        TriggerQueries.TriggerView t1 = q.triggers().get("t1").orElseThrow();
        assertThat(t1.fireCount()).isEqualTo(2);
        assertThat(t1.blockedCount()).isEqualTo(1);
        assertThat(t1.lastFiredAt()).isEqualTo(at(400));
        assertThat(t1.inputMapping()).containsEntry("pr", "pull_request.number");
        assertThat(q.triggers().get("t2").orElseThrow().pauseReason()).isEqualTo("flaky");

        Page<TriggerQueries.HistoryEntry> history = q.triggers().history("t1", PageRequest.first(3));
        assertThat(history.items()).extracting(TriggerQueries.HistoryEntry::kind)
                .containsExactly("TriggerFired", "TriggerBlocked", "TriggerFired");
        assertThat(history.items().get(1).guard()).isEqualTo("cooldown");
        assertThat(history.items().get(0).executionId()).isEqualTo("e2");
        Page<TriggerQueries.HistoryEntry> rest = q.triggers().history("t1", PageRequest.first(3).next(history.nextCursor()));
        assertThat(rest.items()).extracting(TriggerQueries.HistoryEntry::kind).containsExactly("TriggerRegistered");
        assertThat(rest.nextCursor()).isNull();
    }

    private void organization() {
        story.send(Organization.TYPE, new OrganizationCommand.CreateOrganization("o1", "Acme", at(1)));
        story.send(Organization.TYPE, new OrganizationCommand.CreateOrganization("o2", "Beta", at(2)));
        story.send(Organization.TYPE, new OrganizationCommand.UpdateOrganization("o2", "Beta Corp", at(3)));
        story.send(Organization.TYPE, new OrganizationCommand.CreateOrganization("o3", "Gone", at(3)));
        story.send(Organization.TYPE, new OrganizationCommand.DeleteOrganization("o3", at(4)));
        story.send(RepoSystem.TYPE, new SystemCommand.CreateSystem("sys1", "o1", "Payments", "money", at(5)));
        story.send(RepoSystem.TYPE, new SystemCommand.CreateSystem("sys2", "o1", "Auth", null, at(6)));
        story.send(Repo.TYPE, new RepoCommand.RegisterRepo("o1", RepoProvider.GITHUB, "acme/pay", "main", "i1", true, at(7)));
        story.send(Repo.TYPE, new RepoCommand.RegisterRepo("o1", RepoProvider.GITHUB, "acme/app", "main", "i1", false, at(8)));
        story.send(Repo.TYPE, new RepoCommand.RegisterRepo("o1", RepoProvider.GITLAB, "acme/old", "master", null, false, at(9)));
        story.send(RepoSystem.TYPE, new SystemCommand.AssignRepoToSystem("sys1", Repo.idFor("o1", "acme/pay"), at(10)));
        story.send(Repo.TYPE, new RepoCommand.UpdateRepo(Repo.idFor("o1", "acme/app"), "trunk", null, null, at(11)));
        story.send(Repo.TYPE, new RepoCommand.DeregisterRepo(Repo.idFor("o1", "acme/old"), at(12)));
    }

    @Test
    void organizationSystemAndRepoLists() throws Exception {
        startManager();
        organization();
        caughtUp();
        assertThat(q.organization().organizations(false, PageRequest.first(10)).items())
                .extracting(OrganizationQueries.OrganizationView::name, OrganizationQueries.OrganizationView::systems,
                        OrganizationQueries.OrganizationView::repos)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Acme", 2L, 2L), org.assertj.core.groups.Tuple.tuple("Beta Corp", 0L, 0L));
        assertThat(q.organization().organizations(true, PageRequest.first(10)).items()).hasSize(3);
        assertThat(q.organization().systems("o1", false, PageRequest.first(10)).items())
                .extracting(OrganizationQueries.SystemView::name, OrganizationQueries.SystemView::repos)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Auth", 0L), org.assertj.core.groups.Tuple.tuple("Payments", 1L));
        assertThat(q.organization().repos(OrganizationQueries.RepoFilter.ALL, PageRequest.first(10)).items())
                .extracting(OrganizationQueries.RepoView::fullName, OrganizationQueries.RepoView::defaultBranch)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("acme/app", "trunk"),
                        org.assertj.core.groups.Tuple.tuple("acme/pay", "main"));
        assertThat(q.organization().repos(new OrganizationQueries.RepoFilter("o1", "sys1", null, false), PageRequest.first(10))
                .items()).extracting(OrganizationQueries.RepoView::fullName).containsExactly("acme/pay");
        assertThat(q.organization().repos(new OrganizationQueries.RepoFilter(null, null, RepoProvider.GITLAB, true),
                PageRequest.first(10)).items()).extracting(OrganizationQueries.RepoView::fullName).containsExactly("acme/old");
    }

    /**
     * Ids and names compare byte by byte on both backends: upper case before lower, nothing ignored. A PostgreSQL
     * database created with a locale's collation would otherwise find "X1-B" for the prefix "x1-" and sort "Beta"
     * between "acme" and "beta" ({@code PostgresLocaleReadModelsTest} runs this contract on one).
     */
    @Test
    void idPrefixesAndNameOrderCompareByteByByte() throws Exception {
        startManager();
        for (String id : List.of("x1-a", "X1-B", "x1-c", "x1b", "x10")) {
            story.start(id, "wf-1", List.of("acme/app"), 10, "plan");
        }
        for (String name : List.of("beta", "Beta", "acme")) {
            story.send(Organization.TYPE, new OrganizationCommand.CreateOrganization("o-" + name, name, at(1)));
        }
        caughtUp();
        assertThat(q.executions().idsStartingWith("x1-", 10)).containsExactly("x1-a", "x1-c");
        assertThat(q.executions().idsStartingWith("x1", 10)).containsExactly("x1-a", "x1-c", "x10", "x1b");
        assertThat(q.organization().organizations(false, PageRequest.first(10)).items())
                .extracting(OrganizationQueries.OrganizationView::name).containsExactly("Beta", "acme", "beta");
    }

    // ---- rebuild ----

    /** The rebuilt generation's runner serves the queries after the swap: its batches must refresh cached answers. */
    @Test
    void aRebuiltProjectionKeepsItsCachedAnswersFreshAfterTheSwap() throws Exception {
        startManager();
        story.send(Organization.TYPE, new OrganizationCommand.CreateOrganization("o1", "Acme", at(1)));
        caughtUp();
        long generation = manager.rebuild("organization");
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (manager.status().stream().noneMatch(s -> s.name().equals("organization") && s.generation() == generation)
                && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(manager.tables("organization").generation()).isEqualTo(generation);
        assertThat(q.organization().organizations(false, PageRequest.first(10)).items()) // answered, and cached
                .extracting(OrganizationQueries.OrganizationView::name).containsExactly("Acme");

        story.send(Organization.TYPE, new OrganizationCommand.UpdateOrganization("o1", "Acme Corp", at(2)));
        caughtUp();
        assertThat(q.organization().organizations(false, PageRequest.first(10)).items())
                .extracting(OrganizationQueries.OrganizationView::name).containsExactly("Acme Corp");
    }

    @Test
    void aRebuildFromZeroOfEveryReadModelEqualsTheIncrementallyBuiltOne() throws Exception {
        startManager();
        createTemplate("wf-1", "One", TemplateType.CUSTOM, 0);
        twoExecutions();
        story.start("r1", "wf-1", List.of("acme/app"), 400, "plan");
        story.exec(new ExecutionCommand.StartPhase("r1", "plan", at(401)));
        story.exec(new ExecutionCommand.InterruptExecution("r1", "restart", at(402)));
        story.exec(new ExecutionCommand.RetryExecution("r1", at(403)));
        story.exec(new ExecutionCommand.PauseExecution("r1", "wait", at(404)));
        story.exec(new ExecutionCommand.ReachYieldPoint("r1", YieldPoint.BEFORE_PHASE, at(405)));
        sessions();
        artifacts();
        triggers();
        organization();
        caughtUp();
        Map<String, List<String>> incremental = dumpAll();
        for (Map.Entry<String, List<String>> table : incremental.entrySet()) {
            assertThat(table.getValue()).as("rows of " + table.getKey()).isNotEmpty();
        }
        String dashboardBefore = q.dashboard().dashboard().toString();

        Map<String, Long> rebuilt = new LinkedHashMap<>();
        for (Projection p : projections) {
            rebuilt.put(p.name(), manager.rebuild(p.name()));
        }
        long deadline = System.nanoTime() + WAIT.toNanos();
        for (Map.Entry<String, Long> r : rebuilt.entrySet()) {
            while (manager.tables(r.getKey()).generation() != r.getValue()) {
                assertThat(System.nanoTime()).as("swap of " + r.getKey()).isLessThan(deadline);
                Thread.sleep(10);
            }
        }
        assertThat(dumpAll()).isEqualTo(incremental);
        assertThat(q.dashboard().dashboard().toString()).isEqualTo(dashboardBefore);
    }

    /** Every row of every read-model table, by logical table name, in a stable order. */
    private Map<String, List<String>> dumpAll() throws SQLException {
        Map<String, List<String>> dump = new LinkedHashMap<>();
        for (Projection p : projections) {
            ProjectionTables tables = manager.tables(p.name());
            for (String table : p.tables()) {
                dump.put(p.name() + "." + table, database.read(c -> {
                    List<String> rows = new ArrayList<>();
                    try (var s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + tables.of(table))) {
                        ResultSetMetaData meta = rs.getMetaData();
                        while (rs.next()) {
                            StringBuilder row = new StringBuilder();
                            for (int i = 1; i <= meta.getColumnCount(); i++) {
                                row.append(meta.getColumnName(i).toLowerCase()).append('=').append(rs.getString(i)).append(' ');
                            }
                            rows.add(row.toString());
                        }
                    }
                    rows.sort(null);
                    return rows;
                }));
            }
        }
        return dump;
    }
}
