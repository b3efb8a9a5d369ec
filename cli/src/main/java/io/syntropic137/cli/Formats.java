package io.syntropic137.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;

/** How values of the API's JSON read in a table. */
final class Formats {
    private Formats() {
    }

    /** A text field, or null (shown as "-") when absent. */
    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    static String tokens(JsonNode tokens) {
        if (tokens == null || tokens.isNull() || tokens.isMissingNode()) {
            return "-";
        }
        long in = tokens.path("input").asLong() + tokens.path("cacheCreation").asLong() + tokens.path("cache_creation").asLong()
                + tokens.path("cacheRead").asLong() + tokens.path("cache_read").asLong();
        return in + " in / " + tokens.path("output").asLong() + " out";
    }

    static String cost(JsonNode cost) {
        if (cost == null || cost.isNull() || cost.isMissingNode()) {
            return "-";
        }
        return cost(cost.decimalValue());
    }

    static String cost(BigDecimal cost) {
        return "$" + cost.setScale(4, RoundingMode.HALF_UP).toPlainString();
    }

    static String duration(Duration d) {
        long seconds = d.toSeconds();
        if (seconds < 60) {
            return String.format(java.util.Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
        }
        if (seconds < 3600) {
            return seconds / 60 + "m" + String.format(java.util.Locale.ROOT, "%02d", seconds % 60) + "s";
        }
        return seconds / 3600 + "h" + String.format(java.util.Locale.ROOT, "%02d", (seconds % 3600) / 60) + "m";
    }

    static String durationMs(JsonNode ms) {
        return ms == null || ms.isNull() || ms.isMissingNode() ? "-" : duration(Duration.ofMillis(ms.asLong()));
    }

    /** {@code [######------] 2/4}: how many of the phases are done. */
    static String progressBar(int done, int total, int width) {
        int filled = total == 0 ? 0 : Math.min(width, done * width / total);
        return "[" + "#".repeat(filled) + "-".repeat(width - filled) + "] " + done + "/" + total;
    }
}
