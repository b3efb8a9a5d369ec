package io.syntropic137.observability;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class PriceTableTest {
    private final PriceTable prices = PriceTable.defaults();

    @Test
    void theDefaultOpusPriceReproducesTheCliOwnTotalOnRecordedRuns() {
        // usage and total_cost_usd from the result lines of three recorded claude-opus-5-5 runs (the CLI's
        // figures carry binary floating-point noise in the 17th digit)
        assertThat(prices.cost("claude-opus-5-5", new TokenCounts(8, 70, 13558, 11197))).hasValueSatisfying(
                cost -> assertThat(cost).isCloseTo(new BigDecimal("0.07146140000000001"), within(new BigDecimal("1e-15"))));
        assertThat(prices.cost("claude-opus-5-5", new TokenCounts(8, 69, 13555, 11195))).hasValueSatisfying(
                cost -> assertThat(cost).isCloseTo(new BigDecimal("0.071426"), within(new BigDecimal("1e-15"))));
        assertThat(prices.cost("claude-opus-5-5", new TokenCounts(12, 102, 14808, 22474))).hasValueSatisfying(
                cost -> assertThat(cost).isCloseTo(new BigDecimal("0.08062280000000001"), within(new BigDecimal("1e-15"))));
    }

    @Test
    void everyCurrentAndOlderModelHasAPriceWithCacheFigures() {
        for (String model : new String[]{"claude-opus-5-5", "claude-sonnet-5-5", "claude-opus-4-5", "claude-opus-4-1",
                "claude-opus-4", "claude-sonnet-4-5", "claude-sonnet-4", "claude-haiku-4-5"}) {
            assertThat(prices.priceOf(model)).as(model).hasValueSatisfying(price -> {
                assertThat(price.cacheWrite()).isPositive();
                assertThat(price.cacheRead()).isPositive();
            });
        }
    }

    @Test
    void aDatedNameFindsItsModelButASimilarNameDoesNot() {
        assertThat(prices.priceOf("claude-sonnet-4-5-20250929")).isEqualTo(prices.priceOf("claude-sonnet-4-5"));
        assertThat(prices.priceOf("claude-sonnet-4-7")).isEmpty();
        assertThat(prices.cost("claude-sonnet-4-7", new TokenCounts(1, 0, 0, 0))).isEmpty();
        assertThat(prices.cost("<synthetic>", TokenCounts.ZERO)).hasValue(BigDecimal.ZERO);
    }

    @Test
    void aPriceFileOverridesAndAddsModelsAndNamesEveryProblem(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("prices.json");
        Files.writeString(file, """
                {"claude-opus-5-5": {"input": 1, "output": 2, "cache_write": 3, "cache_read": 4},
                 "in-house-model":  {"input": 0.5, "output": 1, "cache_write": 0, "cache_read": 0}}""");
        PriceTable table = PriceTable.defaultsWith(file);
        assertThat(table.cost("claude-opus-5-5", new TokenCounts(1_000_000, 0, 0, 1_000_000))).hasValueSatisfying(
                cost -> assertThat(cost).isEqualByComparingTo("5"));
        assertThat(table.priceOf("in-house-model")).isPresent();
        assertThat(table.priceOf("claude-sonnet-4")).isPresent();

        Files.writeString(file, "{\"x\": {\"input\": -1, \"output\": 1, \"cache_write\": 1}}");
        assertThatThrownBy(() -> PriceTable.defaultsWith(file)).hasMessageContaining("x.input").hasMessageContaining("x.cache_read");
    }
}
