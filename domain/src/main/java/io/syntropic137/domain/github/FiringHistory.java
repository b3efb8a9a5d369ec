package io.syntropic137.domain.github;

import io.syntropic137.domain.shared.Rejection;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a rule's guards need to remember of its firings: the times of the last day's firings, and per pull request how
 * often and when it last fired. Older firings are forgotten as new ones arrive, so the state stays small.
 *
 * @param lastDay       firing times within 24 hours of the latest firing, oldest first
 * @param pullRequests  pull request number → its firings
 * @param lastFired     the latest firing of the rule, null before the first
 * @param deliveries    ids of the latest deliveries the rule fired or was blocked on (GitHub re-sends a delivery
 *                      under the same id; a re-sent one must not fire again)
 */
public record FiringHistory(List<Instant> lastDay, Map<Integer, PullRequestFirings> pullRequests, Instant lastFired,
                            List<String> deliveries) {

    public static final FiringHistory EMPTY = new FiringHistory(List.of(), Map.of(), null, List.of());

    /** GitHub re-sends within hours; a rule sees far fewer than this many deliveries in that time once guards act. */
    static final int REMEMBERED_DELIVERIES = 200;

    private static final Duration DAY = Duration.ofHours(24);

    public FiringHistory {
        lastDay = lastDay == null ? List.of() : List.copyOf(lastDay);
        pullRequests = pullRequests == null ? Map.of() : Map.copyOf(pullRequests);
        deliveries = deliveries == null ? List.of() : List.copyOf(deliveries);
    }

    public boolean handled(String deliveryId) {
        return deliveries.contains(deliveryId);
    }

    FiringHistory blocked(String deliveryId) {
        return new FiringHistory(lastDay, pullRequests, lastFired, remember(deliveryId));
    }

    private List<String> remember(String deliveryId) {
        List<String> kept = new ArrayList<>(deliveries);
        kept.add(deliveryId);
        return kept.size() > REMEMBERED_DELIVERIES ? kept.subList(kept.size() - REMEMBERED_DELIVERIES, kept.size()) : kept;
    }

    public record PullRequestFirings(int count, Instant last) {
    }

    /** The first guard that stops a firing for this pull request (null: none) at this time. */
    Optional<Rejection> guard(SafetyConfig safety, Integer pullRequest, Instant at) {
        PullRequestFirings forPr = pullRequest == null ? null : pullRequests.get(pullRequest);
        if (forPr != null && forPr.count() >= safety.maxAttemptsPerPr()) {
            return stop(TriggerGuard.MAX_ATTEMPTS_PER_PR, "pull request #" + pullRequest + " already fired "
                    + forPr.count() + " time(s), the limit is " + safety.maxAttemptsPerPr());
        }
        long today = lastDay.stream().filter(t -> t.isAfter(at.minus(DAY))).count();
        if (today >= safety.dailyLimit()) {
            return stop(TriggerGuard.DAILY_LIMIT, "fired " + today + " time(s) in the last 24 hours, the limit is "
                    + safety.dailyLimit());
        }
        Instant last = pullRequest == null ? lastFired : forPr == null ? null : forPr.last();
        if (last != null && safety.cooldownSeconds() > 0) {
            Instant allowedFrom = last.plusSeconds(safety.cooldownSeconds());
            if (at.isBefore(allowedFrom)) {
                return stop(TriggerGuard.COOLDOWN, "last fired at " + last + (pullRequest == null ? "" : " for #"
                        + pullRequest) + "; cooling down for " + safety.cooldownSeconds() + " s, until " + allowedFrom);
            }
        }
        return Optional.empty();
    }

    FiringHistory fired(String deliveryId, Integer pullRequest, Instant at) {
        List<Instant> day = new ArrayList<>();
        for (Instant t : lastDay) {
            if (t.isAfter(at.minus(DAY))) {
                day.add(t);
            }
        }
        day.add(at);
        Map<Integer, PullRequestFirings> prs = new HashMap<>(pullRequests);
        if (pullRequest != null) {
            PullRequestFirings before = prs.get(pullRequest);
            prs.put(pullRequest, new PullRequestFirings(before == null ? 1 : before.count() + 1, at));
        }
        return new FiringHistory(day, prs, at, remember(deliveryId));
    }

    private static Optional<Rejection> stop(TriggerGuard guard, String reason) {
        return Optional.of(new Rejection.RuleViolated(guard.ruleName(), reason));
    }
}
