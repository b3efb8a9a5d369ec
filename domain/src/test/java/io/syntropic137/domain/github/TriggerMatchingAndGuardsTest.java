package io.syntropic137.domain.github;

import io.syntropic137.domain.github.TriggerCommand.RecordTriggerFired;
import io.syntropic137.domain.github.TriggerEvent.TriggerFired;
import io.syntropic137.domain.github.TriggerEvent.TriggerRegistered;
import io.syntropic137.domain.github.WebhookPayload.Fields;
import io.syntropic137.domain.github.WebhookPayload.Items;
import io.syntropic137.domain.github.WebhookPayload.Scalar;
import io.syntropic137.domain.github.WebhookPayload.Value;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.syntropic137.domain.github.ConditionOperator.CONTAINS;
import static io.syntropic137.domain.github.ConditionOperator.EQ;
import static io.syntropic137.domain.github.ConditionOperator.IN;
import static io.syntropic137.domain.github.ConditionOperator.IS_EMPTY;
import static io.syntropic137.domain.github.ConditionOperator.NEQ;
import static io.syntropic137.domain.github.ConditionOperator.NOT_EMPTY;
import static io.syntropic137.domain.github.ConditionOperator.NOT_IN;
import static io.syntropic137.domain.testing.Scenario.given;
import static org.assertj.core.api.Assertions.assertThat;

class TriggerMatchingAndGuardsTest {

    private static final Instant T = Instant.parse("2026-11-24T10:00:00Z");

    /** A flat map of paths to values stands in for a parsed body. */
    private static WebhookPayload payload(Map<String, Value> values) {
        return path -> Optional.ofNullable(values.get(path));
    }

    private static final WebhookPayload FAILED_CHECK = payload(Map.of(
            "check_run.conclusion", new Scalar("failure"),
            "check_run.name", new Scalar("unit tests"),
            "check_run.pull_requests", new Items(List.of(new Fields(3))),
            "check_run.pull_requests[0].number", new Scalar("42"),
            "labels", new Items(List.of(new Scalar("bug"), new Scalar("ci"))),
            "empty_text", new Scalar(""),
            "empty_object", new Fields(0)));

    @Test
    void everyOperatorComparesAsDocumented() {
        assertThat(TriggerCondition.of("check_run.conclusion", EQ, "failure").matches(FAILED_CHECK)).isTrue();
        assertThat(TriggerCondition.of("check_run.conclusion", EQ, "success").matches(FAILED_CHECK)).isFalse();
        assertThat(TriggerCondition.of("absent", EQ, "x").matches(FAILED_CHECK)).isFalse();
        assertThat(TriggerCondition.of("check_run.conclusion", NEQ, "success").matches(FAILED_CHECK)).isTrue();
        assertThat(TriggerCondition.of("absent", NEQ, "x").matches(FAILED_CHECK)).isTrue();
        assertThat(TriggerCondition.of("check_run.name", IN, "lint", "unit tests").matches(FAILED_CHECK)).isTrue();
        assertThat(TriggerCondition.of("check_run.name", NOT_IN, "lint", "unit tests").matches(FAILED_CHECK)).isFalse();
        assertThat(TriggerCondition.of("check_run.name", CONTAINS, "unit").matches(FAILED_CHECK)).isTrue();
        assertThat(TriggerCondition.of("labels", CONTAINS, "ci").matches(FAILED_CHECK)).isTrue();
        assertThat(TriggerCondition.of("labels", CONTAINS, "c").matches(FAILED_CHECK)).as("items compare whole").isFalse();
        assertThat(TriggerCondition.of("check_run.pull_requests", NOT_EMPTY).matches(FAILED_CHECK)).isTrue();
        assertThat(TriggerCondition.of("empty_text", NOT_EMPTY).matches(FAILED_CHECK)).isFalse();
        assertThat(TriggerCondition.of("empty_object", IS_EMPTY).matches(FAILED_CHECK)).isTrue();
        assertThat(TriggerCondition.of("absent", IS_EMPTY).matches(FAILED_CHECK)).isTrue();
        assertThat(TriggerCondition.of("check_run.conclusion", EQ, "failure").matches(payload(Map.of(
                "check_run.conclusion", new Items(List.of(new Scalar("failure"))))))).as("an array is not its item").isFalse();
    }

    @Test
    void aRuleMatchesWhenAllConditionsHoldAndMapsItsInputs() {
        TriggerRule rule = given(TriggerRule.TYPE, registered(SafetyConfig.DEFAULTS)).state();
        assertThat(rule.matches(FAILED_CHECK)).isTrue();
        assertThat(rule.matches(payload(Map.of("check_run.conclusion", new Scalar("failure"))))).isFalse();
        assertThat(rule.inputsFrom(FAILED_CHECK)).isEqualTo(Map.of("pr_number", "42", "check_name", "unit tests"));
    }

    @Test
    void maxAttemptsPerPullRequestStopsTheNextFiringOfThatPullRequestOnly() {
        var safety = new SafetyConfig(2, 100, 0, 0);
        given(TriggerRule.TYPE, registered(safety), fired(1, 42, T), fired(2, 42, T.plusSeconds(1)))
                .when(fire(42, T.plusSeconds(2))).thenViolates(TriggerGuard.MAX_ATTEMPTS_PER_PR.ruleName());
        given(TriggerRule.TYPE, registered(safety), fired(1, 42, T), fired(2, 42, T.plusSeconds(1)))
                .when(fire(7, T.plusSeconds(2))).then(new TriggerFired("trg", "d-new", "ex-new", 7, 3, T.plusSeconds(2)));
    }

    @Test
    void cooldownCountsFromTheLastFiringOfThePullRequest() {
        var safety = new SafetyConfig(10, 100, 300, 0);
        given(TriggerRule.TYPE, registered(safety), fired(1, 42, T)).when(fire(42, T.plusSeconds(299)))
                .thenViolates(TriggerGuard.COOLDOWN.ruleName());
        given(TriggerRule.TYPE, registered(safety), fired(1, 42, T)).when(fire(42, T.plusSeconds(300)))
                .then(new TriggerFired("trg", "d-new", "ex-new", 42, 2, T.plusSeconds(300)));
        given(TriggerRule.TYPE, registered(safety), fired(1, 42, T)).when(fire(43, T.plusSeconds(1)))
                .then(new TriggerFired("trg", "d-new", "ex-new", 43, 2, T.plusSeconds(1)));
        given(TriggerRule.TYPE, registered(safety), fired(1, null, T)).when(fire(null, T.plusSeconds(10)))
                .thenViolates(TriggerGuard.COOLDOWN.ruleName());
    }

    @Test
    void dailyLimitCountsTheLast24Hours() {
        var safety = new SafetyConfig(10, 2, 0, 0);
        given(TriggerRule.TYPE, registered(safety), fired(1, 1, T), fired(2, 2, T.plusSeconds(3600)))
                .when(fire(3, T.plusSeconds(7200))).thenViolates(TriggerGuard.DAILY_LIMIT.ruleName());
        given(TriggerRule.TYPE, registered(safety), fired(1, 1, T), fired(2, 2, T.plusSeconds(3600)))
                .when(fire(3, T.plusSeconds(24 * 3600 + 1)))
                .then(new TriggerFired("trg", "d-new", "ex-new", 3, 3, T.plusSeconds(24 * 3600 + 1)));
    }

    @Test
    void aDeliveryThatAlreadyFiredOrWasBlockedDoesNotFireAgain() {
        given(TriggerRule.TYPE, registered(SafetyConfig.DEFAULTS), fired(1, 42, T))
                .when(new RecordTriggerFired("trg", "d-1", "ex-9", 42, T.plusSeconds(3600))).thenViolates("duplicate-delivery");
        given(TriggerRule.TYPE, registered(SafetyConfig.DEFAULTS),
                new TriggerEvent.TriggerBlocked("trg", "d-5", "cooldown", "r", 42, T))
                .when(new RecordTriggerFired("trg", "d-5", "ex-9", 42, T.plusSeconds(3600))).thenViolates("duplicate-delivery");
    }

    @Test
    void aDeliveryNamesThePullRequestItConcerns() {
        assertThat(new GithubDelivery("d", "check_run.completed", "acme/api", FAILED_CHECK).pullRequest()).isEqualTo(42);
        var comment = payload(Map.of("issue.number", new Scalar("7"), "issue.pull_request", new Fields(4)));
        assertThat(new GithubDelivery("d", "issue_comment.created", "acme/api", comment).pullRequest()).isEqualTo(7);
        var issueComment = payload(Map.of("issue.number", new Scalar("7")));
        assertThat(new GithubDelivery("d", "issue_comment.created", "acme/api", issueComment).pullRequest()).isNull();
    }

    @Test
    void guardNamesRoundTrip() {
        for (TriggerGuard guard : TriggerGuard.values()) {
            assertThat(TriggerGuard.fromRuleName(guard.ruleName())).contains(guard);
        }
        assertThat(TriggerGuard.fromRuleName("nothing-to-change")).isEmpty();
    }

    private static TriggerRegistered registered(SafetyConfig safety) {
        return new TriggerRegistered("trg", "fix ci", "check_run.completed", "acme/api", "wf-fix",
                TriggerPreset.SELF_HEALING_CI.conditions(),
                Map.of("pr_number", "check_run.pull_requests[0].number", "check_name", "check_run.name",
                        "head_sha", "check_run.head_sha"), safety, T);
    }

    private static TriggerFired fired(long count, Integer pr, Instant at) {
        return new TriggerFired("trg", "d-" + count, "ex-" + count, pr, count, at);
    }

    private static RecordTriggerFired fire(Integer pr, Instant at) {
        return new RecordTriggerFired("trg", "d-new", "ex-new", pr, at);
    }
}
