package io.syntropic137.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.syntropic137.domain.shared.TokenUsage;
import io.syntropic137.engine.EngineListener;

import io.syntropic137.observability.PriceTable;
import io.syntropic137.observability.TokenCounts;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * Tokens and dollars agents spend, by model, as the engine reports each model call. A runtime that reports tokens
 * without a cost (Claude Code's model proxy) is priced with the telemetry price table, as cost queries are; a model
 * the table does not know adds tokens but no cost.
 */
public final class AgentUsageMeters implements EngineListener {
    static final String PREFIX = "syn.agent";

    private final Meter.MeterProvider<Counter> tokens;
    private final Meter.MeterProvider<Counter> cost;
    private final Meter.MeterProvider<Counter> calls;
    private final PriceTable prices;

    public AgentUsageMeters(MeterRegistry registry, PriceTable prices) {
        this.prices = prices;
        tokens = Counter.builder(PREFIX + ".tokens")
                .description("Tokens agents used by model and kind (input, output, cache_creation, cache_read)")
                .withRegistry(registry);
        cost = Counter.builder(PREFIX + ".cost.usd").description("What agents' model calls cost, in US dollars, by model")
                .withRegistry(registry);
        calls = Counter.builder(PREFIX + ".model.calls").description("Model calls agents made, by model")
                .withRegistry(registry);
    }

    @Override
    public void usage(String executionId, String phaseId, String sessionId, String model, TokenUsage usage,
                      BigDecimal costUsd) {
        String name = model == null || model.isBlank() ? "unknown" : model;
        calls.withTags(Tags.of("model", name)).increment();
        add(name, "input", usage.input());
        add(name, "output", usage.output());
        add(name, "cache_creation", usage.cacheCreation());
        add(name, "cache_read", usage.cacheRead());
        Optional<BigDecimal> spent = costUsd != null ? Optional.of(costUsd)
                : prices.cost(name, new TokenCounts(usage.input(), usage.output(), usage.cacheCreation(), usage.cacheRead()));
        spent.ifPresent(usd -> cost.withTags(Tags.of("model", name)).increment(usd.doubleValue()));
    }

    private void add(String model, String kind, long count) {
        tokens.withTags(Tags.of("model", model, "kind", kind)).increment(count);
    }

    @Override
    public void toolStarted(String executionId, String phaseId, String sessionId, String toolUseId, String tool,
                            String inputJson) {
    }

    @Override
    public void toolFinished(String executionId, String phaseId, String sessionId, String toolUseId, String tool,
                             boolean succeeded, String detail) {
    }
}
