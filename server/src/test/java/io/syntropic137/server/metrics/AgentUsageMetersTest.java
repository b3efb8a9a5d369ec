package io.syntropic137.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.search.RequiredSearch;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.syntropic137.domain.shared.TokenUsage;
import io.syntropic137.observability.ModelPrice;
import io.syntropic137.observability.PriceTable;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class AgentUsageMetersTest {
    // USD per million tokens: input 3, output 15, cache write 3.75, cache read 0.3
    private static final PriceTable PRICES = PriceTable.of(Map.of("priced-model",
            new ModelPrice(new BigDecimal("3"), new BigDecimal("15"), new BigDecimal("3.75"), new BigDecimal("0.3"))));

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AgentUsageMeters meters = new AgentUsageMeters(registry, PRICES);

    private double count(String name, String... tags) {
        return RequiredSearch.in(registry).name(name).tags(tags).counter().count();
    }

    @Test
    void tokensAndCostAddUpPerModelAndAReportedCostIsTakenAsItIs() {
        meters.usage("e1", "p", "s1", "priced-model", new TokenUsage(1_000, 200, 0, 0), new BigDecimal("0.5"));
        meters.usage("e2", "p", "s2", "priced-model", new TokenUsage(500, 100, 40, 60), new BigDecimal("0.25"));
        meters.usage("e3", "p", "s3", "other-model", new TokenUsage(7, 3, 0, 0), new BigDecimal("0.01"));

        assertThat(count("syn.agent.tokens", "model", "priced-model", "kind", "input")).isEqualTo(1_500);
        assertThat(count("syn.agent.tokens", "model", "priced-model", "kind", "output")).isEqualTo(300);
        assertThat(count("syn.agent.tokens", "model", "priced-model", "kind", "cache_creation")).isEqualTo(40);
        assertThat(count("syn.agent.tokens", "model", "priced-model", "kind", "cache_read")).isEqualTo(60);
        assertThat(count("syn.agent.cost.usd", "model", "priced-model")).isCloseTo(0.75, within(1e-9));
        assertThat(count("syn.agent.cost.usd", "model", "other-model")).isCloseTo(0.01, within(1e-9));
        assertThat(count("syn.agent.model.calls", "model", "priced-model")).isEqualTo(2);
        assertThat(registry.scrape()).doesNotContain("e1", "s1");
    }

    @Test
    void usageWithoutACostIsPricedByTheTableAndAnUnknownModelAddsNoCost() {
        meters.usage("e", "p", "s", "priced-model", new TokenUsage(1_000_000, 100_000, 0, 0), null);
        meters.usage("e", "p", "s", "unpriced-model", new TokenUsage(10, 10, 0, 0), null);

        assertThat(count("syn.agent.cost.usd", "model", "priced-model")).isCloseTo(3 + 1.5, within(1e-9));
        assertThat(registry.find("syn.agent.cost.usd").tag("model", "unpriced-model").counter()).isNull();
        assertThat(count("syn.agent.tokens", "model", "unpriced-model", "kind", "input")).isEqualTo(10);
    }

    @Test
    void aRuntimeNamingEndlessModelsCannotFloodTheRegistry() {
        ServerMetrics metrics = new ServerMetrics();
        try {
            AgentUsageMeters bounded = new AgentUsageMeters(metrics.registry(), PRICES);
            for (int i = 0; i < ServerMetrics.MAX_MODELS * 2; i++) {
                bounded.usage("e", "p", "s", "model-" + i, new TokenUsage(1, 1, 0, 0), null);
            }
            assertThat(metrics.registry().find("syn.agent.model.calls").counters()).hasSize(ServerMetrics.MAX_MODELS);
            assertThat(metrics.registry().find("syn.agent.model.calls").counters()).allMatch((Counter c) -> c.count() == 1);
        } finally {
            metrics.close();
        }
    }
}
