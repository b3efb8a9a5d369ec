package io.syntropic137.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns usage lines into cost rows. Per (group, session): when the session has a summary (the CLI's final
 * result line) its token totals and {@code total_cost_usd} are authoritative — streamed usage lines carry the
 * message-start snapshot of output tokens and undercount — otherwise the streamed, de-duplicated usage is priced
 * with the table. For {@link Dimension#TOOL} only streamed usage exists (a summary has no per-tool split).
 */
public final class CostCalculator {
    public static final String NO_TOOL = "(no tool)";
    public static final String NO_KEY = "(none)";

    private final PriceTable prices;

    public CostCalculator(PriceTable prices) {
        this.prices = prices;
    }

    /** One priced piece of usage: a model's tokens within one session and group. */
    private record Part(String key, String sessionId, String model, TokenCounts tokens, BigDecimal reported, boolean fromSummary) {
    }

    public List<CostRow> rows(List<UsageLine> lines, Dimension dimension) {
        Map<String, List<UsageLine.Summarized>> summaries = new LinkedHashMap<>();
        for (UsageLine line : lines) {
            if (line instanceof UsageLine.Summarized summary && dimension != Dimension.TOOL) {
                summaries.computeIfAbsent(line.sessionId(), s -> new ArrayList<>()).add(summary);
            }
        }
        List<Part> parts = new ArrayList<>();
        for (UsageLine line : lines) {
            if (line instanceof UsageLine.Streamed streamed && !summaries.containsKey(streamed.sessionId())) {
                streamedParts(streamed, dimension, parts);
            }
        }
        summaries.values().forEach(list -> list.forEach(summary -> summaryParts(summary, dimension, parts)));
        return group(parts);
    }

    private static void streamedParts(UsageLine.Streamed line, Dimension dimension, List<Part> parts) {
        if (dimension == Dimension.MODEL) {
            parts.add(new Part(keyOrNone(line.model()), line.sessionId(), line.model(), line.tokens(), null, false));
        } else if (dimension == Dimension.TOOL) {
            List<String> tools = line.key() == null ? List.of() : parseArray(line.key());
            if (tools.isEmpty()) {
                parts.add(new Part(NO_TOOL, line.sessionId(), line.model(), line.tokens(), null, false));
            } else {
                for (int i = 0; i < tools.size(); i++) {
                    parts.add(new Part(tools.get(i), line.sessionId(), line.model(), share(line.tokens(), tools.size(), i), null, false));
                }
            }
        } else {
            parts.add(new Part(keyOrNone(line.key()), line.sessionId(), line.model(), line.tokens(), null, false));
        }
    }

    private static List<String> parseArray(String json) {
        try {
            List<String> names = new ArrayList<>();
            for (JsonNode node : CanonicalJson.MAPPER.readTree(json)) {
                names.add(node.asText());
            }
            return names;
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored tools list is not JSON: " + json, e);
        }
    }

    /** Splits counts n ways so the shares add up exactly to the whole (the remainder goes to the first shares). */
    private static TokenCounts share(TokenCounts whole, int n, int index) {
        return new TokenCounts(part(whole.input(), n, index), part(whole.output(), n, index),
                part(whole.cacheWrite(), n, index), part(whole.cacheRead(), n, index));
    }

    private static long part(long value, int n, int index) {
        return value / n + (index < value % n ? 1 : 0);
    }

    private static void summaryParts(UsageLine.Summarized line, Dimension dimension, List<Part> parts) {
        ObjectNode data = CanonicalJson.readObject(line.dataJson());
        JsonNode models = data.path("models");
        BigDecimal total = data.hasNonNull("total_cost_usd") ? usd(data.get("total_cost_usd")) : null;
        if (models.isObject() && !models.isEmpty()) {
            List<Part> modelParts = new ArrayList<>();
            BigDecimal modelCostSum = BigDecimal.ZERO;
            boolean everyModelHasCost = true;
            for (Iterator<Map.Entry<String, JsonNode>> it = models.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> model = it.next();
                JsonNode usage = model.getValue();
                BigDecimal cost = usage.hasNonNull("cost_usd") ? usd(usage.get("cost_usd")) : null;
                if (cost == null) {
                    everyModelHasCost = false;
                } else {
                    modelCostSum = modelCostSum.add(cost);
                }
                String key = dimension == Dimension.MODEL ? model.getKey() : keyOrNone(line.key());
                modelParts.add(new Part(key, line.sessionId(), model.getKey(), tokens(usage), cost, true));
            }
            if (!everyModelHasCost && total != null && modelParts.size() == 1) {
                Part only = modelParts.getFirst();
                modelParts.set(0, new Part(only.key(), only.sessionId(), only.model(), only.tokens(), total, true));
            }
            parts.addAll(modelParts);
        } else {
            // no per-model breakdown (e.g. a run that failed before any API call): the totals have no model
            String key = dimension == Dimension.MODEL ? NO_KEY : keyOrNone(line.key());
            parts.add(new Part(key, line.sessionId(), null, tokens(data.path("usage")), total, true));
        }
    }

    /**
     * The CLI computes in binary floating point (0.0714614 arrives as 0.07146140000000001); ten decimals keep
     * every real digit of a price × count and drop the noise, so an audit difference of zero means agreement.
     */
    private static BigDecimal usd(JsonNode value) {
        return value.decimalValue().setScale(10, java.math.RoundingMode.HALF_EVEN).stripTrailingZeros();
    }

    private static TokenCounts tokens(JsonNode usage) {
        return new TokenCounts(usage.path("input_tokens").asLong(), usage.path("output_tokens").asLong(),
                usage.path("cache_creation_input_tokens").asLong(), usage.path("cache_read_input_tokens").asLong());
    }

    private static String keyOrNone(String key) {
        return key == null ? NO_KEY : key;
    }

    private List<CostRow> group(List<Part> parts) {
        Map<String, List<Part>> byKey = new TreeMap<>();
        for (Part part : parts) {
            byKey.computeIfAbsent(part.key(), k -> new ArrayList<>()).add(part);
        }
        List<CostRow> rows = new ArrayList<>(byKey.size());
        byKey.forEach((key, group) -> rows.add(row(key, group)));
        return rows;
    }

    private CostRow row(String key, List<Part> group) {
        TokenCounts tokens = TokenCounts.ZERO;
        BigDecimal cost = BigDecimal.ZERO;
        BigDecimal computed = BigDecimal.ZERO;
        BigDecimal reported = null;
        BigDecimal auditReported = BigDecimal.ZERO;
        BigDecimal auditComputed = BigDecimal.ZERO;
        boolean audited = false;
        boolean costKnown = true;
        boolean computedKnown = true;
        Set<String> unpriced = new TreeSet<>();
        Set<String> sessions = new TreeSet<>();
        for (Part part : group) {
            tokens = tokens.plus(part.tokens());
            if (part.sessionId() != null) {
                sessions.add(part.sessionId());
            }
            BigDecimal ours = prices.cost(part.model(), part.tokens()).orElse(null);
            if (ours == null) {
                computedKnown = false;
                unpriced.add(part.model() == null ? NO_KEY : part.model());
            } else {
                computed = computed.add(ours);
            }
            if (part.reported() != null) {
                reported = reported == null ? part.reported() : reported.add(part.reported());
                cost = cost.add(part.reported());
                if (ours != null) {
                    audited = true;
                    auditReported = auditReported.add(part.reported());
                    auditComputed = auditComputed.add(ours);
                }
            } else if (ours != null) {
                cost = cost.add(ours);
            } else {
                costKnown = false;
            }
        }
        return new CostRow(key, tokens, costKnown ? cost.stripTrailingZeros() : null,
                computedKnown ? computed.stripTrailingZeros() : null, reported == null ? null : reported.stripTrailingZeros(),
                audited ? auditReported.subtract(auditComputed).stripTrailingZeros() : null, sessions.size(), unpriced);
    }
}
