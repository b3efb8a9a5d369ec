package io.syntropic137.observability;

import java.math.BigDecimal;
import java.util.Set;

/**
 * Tokens and cost for one group.
 *
 * @param costUsd         the cost we stand behind: the CLI's own figure for sessions that reported one, our
 *                        computed cost for the rest; null when any part has neither (a model without a price)
 * @param computedCostUsd tokens × price table over the whole group; null when a model has no price
 * @param reportedCostUsd the CLI's {@code total_cost_usd} summed over the sessions that reported one; null if none
 * @param auditDifferenceUsd reported minus computed, over the sessions that have both; null if none has both.
 *                        Non-zero means our price table disagrees with the CLI's.
 * @param unpricedModels  models seen without a price (their cost is unknown, never guessed)
 */
public record CostRow(String key, TokenCounts tokens, BigDecimal costUsd, BigDecimal computedCostUsd,
                      BigDecimal reportedCostUsd, BigDecimal auditDifferenceUsd, int sessions, Set<String> unpricedModels) {
}
