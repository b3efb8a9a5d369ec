package io.syntropic137.domain.github;

import io.syntropic137.domain.github.TriggerCommand.RegisterTrigger;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.syntropic137.domain.github.ConditionOperator.CONTAINS;
import static io.syntropic137.domain.github.ConditionOperator.EQ;
import static io.syntropic137.domain.github.ConditionOperator.NOT_EMPTY;

/** Ready-made rules for the common loops: fix a failing check, address review comments, obey /syn comments. */
public enum TriggerPreset {

    SELF_HEALING_CI("check_run.completed",
            List.of(TriggerCondition.of("check_run.conclusion", EQ, "failure"),
                    TriggerCondition.of("check_run.pull_requests", NOT_EMPTY)),
            Map.of("pr_number", "check_run.pull_requests[0].number",
                    "check_name", "check_run.name",
                    "head_sha", "check_run.head_sha")),

    REVIEW_FIX("pull_request_review.submitted",
            List.of(TriggerCondition.of("review.state", EQ, "changes_requested")),
            Map.of("pr_number", "pull_request.number",
                    "review_body", "review.body")),

    COMMENT_COMMAND("issue_comment.created",
            List.of(TriggerCondition.of("comment.body", CONTAINS, "/syn"),
                    TriggerCondition.of("issue.pull_request", NOT_EMPTY)),
            Map.of("pr_number", "issue.number",
                    "command", "comment.body"));

    private final String event;
    private final List<TriggerCondition> conditions;
    private final Map<String, String> inputMapping;

    TriggerPreset(String event, List<TriggerCondition> conditions, Map<String, String> inputMapping) {
        this.event = event;
        this.conditions = conditions;
        this.inputMapping = inputMapping;
    }

    public String event() {
        return event;
    }

    public List<TriggerCondition> conditions() {
        return conditions;
    }

    public Map<String, String> inputMapping() {
        return inputMapping;
    }

    /** A registration of this preset with the default safety limits. */
    public RegisterTrigger register(String triggerId, String name, String repository, String workflowId, Instant at) {
        return new RegisterTrigger(triggerId, name, event, repository, workflowId, conditions, inputMapping,
                SafetyConfig.DEFAULTS, at);
    }
}
