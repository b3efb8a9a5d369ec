package io.syntropic137.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.PrintWriter;
import java.util.Locale;

/** One object of the API's JSON as aligned {@code label  value} lines (the show commands). */
final class Details {
    private final PrintWriter out;
    private final int width;

    Details(PrintWriter out, int width) {
        this.out = out;
        this.width = width;
    }

    Details line(String label, Object value) {
        out.println(String.format(Locale.ROOT, "%-" + width + "s %s", label, value == null ? "-" : value).stripTrailing());
        return this;
    }

    /** A text field under its own name (absent or null shows "-"). */
    Details field(JsonNode node, String field) {
        return line(field, Formats.text(node, field));
    }

    void done() {
        out.flush();
    }

    /** A success rate (0..1, null before any run finished) as a percentage. */
    static String rate(JsonNode rate) {
        return rate == null || rate.isNull() || rate.isMissingNode() ? "-"
                : String.format(Locale.ROOT, "%.0f%%", rate.asDouble() * 100);
    }
}
