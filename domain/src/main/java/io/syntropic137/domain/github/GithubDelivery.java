package io.syntropic137.domain.github;

import java.util.List;

/**
 * One webhook delivery from GitHub, as trigger rules see it.
 *
 * @param deliveryId the {@code X-GitHub-Delivery} id, the same when GitHub re-sends
 * @param event      event and action, e.g. {@code check_run.completed}
 * @param repository {@code owner/name} the event is about
 */
public record GithubDelivery(String deliveryId, String event, String repository, WebhookPayload payload) {

    /** Where the events the presets listen to carry the pull request they concern, most specific first. */
    private static final List<String> PULL_REQUEST_PATHS = List.of("pull_request.number",
            "check_run.pull_requests[0].number", "check_suite.pull_requests[0].number", "workflow_run.pull_requests[0].number");

    /** The pull request the event concerns, for per-pull-request guards; null when there is none. */
    public Integer pullRequest() {
        for (String path : PULL_REQUEST_PATHS) {
            Integer number = number(path);
            if (number != null) {
                return number;
            }
        }
        // An issue comment concerns a pull request only when the issue is one.
        boolean onPullRequest = payload.at("issue.pull_request").map(v -> !v.isEmpty()).orElse(false);
        return onPullRequest ? number("issue.number") : null;
    }

    private Integer number(String path) {
        return payload.at(path).filter(WebhookPayload.Scalar.class::isInstance).map(v -> ((WebhookPayload.Scalar) v).text())
                .filter(text -> text.matches("\\d{1,9}")).map(Integer::valueOf).orElse(null);
    }
}
