package io.syntropic137.observability;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Prices per model. A model is found by its exact name, or by its name without a trailing release date
 * ({@code claude-sonnet-4-5-20250929} → {@code claude-sonnet-4-5}); anything else has no price, and its cost is
 * reported as unknown rather than estimated from a similar model.
 *
 * <p>File format (JSON): {@code {"model": {"input": 3, "output": 15, "cache_write": 3.75, "cache_read": 0.3}}},
 * USD per million tokens; keys starting with {@code _} are comments. A file overrides or adds to the defaults.
 */
public final class PriceTable {
    private static final Pattern DATE_SUFFIX = Pattern.compile("-\\d{8}$");
    private static final String DEFAULTS = "/io/syntropic137/observability/default-prices.json";

    private final Map<String, ModelPrice> prices;

    private PriceTable(Map<String, ModelPrice> prices) {
        this.prices = Map.copyOf(prices);
    }

    public static PriceTable of(Map<String, ModelPrice> prices) {
        return new PriceTable(prices);
    }

    public static PriceTable defaults() {
        try (InputStream in = PriceTable.class.getResourceAsStream(DEFAULTS)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULTS + " is missing from the build");
            }
            return new PriceTable(parse(CanonicalJson.MAPPER.readTree(in), DEFAULTS));
        } catch (IOException e) {
            throw new IllegalStateException("the default price table is unreadable", e);
        }
    }

    /** The defaults overridden by the file's entries; a malformed file is an error naming every problem. */
    public static PriceTable defaultsWith(Path file) throws IOException {
        Map<String, ModelPrice> merged = new LinkedHashMap<>(defaults().prices);
        merged.putAll(parse(CanonicalJson.MAPPER.readTree(Files.readString(file)), file.toString()));
        return new PriceTable(merged);
    }

    private static Map<String, ModelPrice> parse(JsonNode root, String source) {
        List<String> problems = new ArrayList<>();
        Map<String, ModelPrice> prices = new LinkedHashMap<>();
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(source + ": the price file must be a JSON object of models");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (entry.getKey().startsWith("_")) {
                continue;
            }
            BigDecimal[] figures = new BigDecimal[4];
            String[] names = {"input", "output", "cache_write", "cache_read"};
            for (int i = 0; i < names.length; i++) {
                JsonNode figure = entry.getValue().get(names[i]);
                if (figure == null || !figure.isNumber() || figure.decimalValue().signum() < 0) {
                    problems.add(entry.getKey() + "." + names[i] + " must be a non-negative number (USD per million tokens)");
                } else {
                    figures[i] = figure.decimalValue();
                }
            }
            prices.put(entry.getKey(), new ModelPrice(figures[0], figures[1], figures[2], figures[3]));
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(source + ": " + String.join("; ", problems));
        }
        return prices;
    }

    public Optional<ModelPrice> priceOf(String model) {
        if (model == null) {
            return Optional.empty();
        }
        ModelPrice exact = prices.get(model);
        if (exact != null) {
            return Optional.of(exact);
        }
        return Optional.ofNullable(prices.get(DATE_SUFFIX.matcher(model).replaceFirst("")));
    }

    /** The cost of the tokens, or empty when the model has no price (zero tokens cost zero whatever the model). */
    public Optional<BigDecimal> cost(String model, TokenCounts tokens) {
        if (tokens.isZero()) {
            return Optional.of(BigDecimal.ZERO);
        }
        return priceOf(model).map(price -> price.cost(tokens));
    }

    public Map<String, ModelPrice> entries() {
        return prices;
    }
}
