package io.syntropic137.bench.eventstore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The human-readable table, then one JSON line with every figure (the fixed format compared turn to turn). */
public final class Report {
    private static final String ROW = "%-44s %-22s %-22s %-7s %-24s %s%n";

    private final List<String> header = new ArrayList<>();
    private final List<String[]> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final Map<String, Object> figures = new LinkedHashMap<>();
    private final List<Boolean> bars = new ArrayList<>();

    void header(String line) {
        header.add(line);
    }

    /** Printed under the table: details behind a figure. */
    void note(String line) {
        notes.add(line);
    }

    void figure(String key, Object value) {
        figures.put(key, value instanceof Double d && (d.isNaN() || d.isInfinite()) ? null : value);
    }

    void row(String workload, String ours, String baseline, String ratio, String bar, Boolean met) {
        if (met != null) {
            bars.add(met);
        }
        rows.add(new String[]{workload, ours, baseline, ratio, bar, met == null ? "" : met ? "PASS" : "MISS"});
    }

    public Map<String, Object> figures() {
        return figures;
    }

    public void print(PrintStream out) {
        figure("bars_ok", bars.stream().allMatch(Boolean::booleanValue));
        figure("jvm_aot", System.getProperty("syn.jvm.aot", "off")); // how the launcher started the JVM (syn: jvm_cache_flags)
        header.forEach(out::println);
        out.println();
        out.printf(ROW, "workload", "ours", "baseline (same run)", "ratio", "bar", "");
        out.printf(ROW, "-".repeat(44), "-".repeat(22), "-".repeat(22), "-".repeat(7), "-".repeat(24), "----");
        for (String[] row : rows) {
            out.printf(ROW, (Object[]) row);
        }
        if (!notes.isEmpty()) {
            out.println();
            notes.forEach(out::println);
        }
        out.println();
        try {
            out.println(new ObjectMapper().writeValueAsString(figures));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the figures cannot be written as JSON", e);
        }
        out.flush();
    }

    static String eps(double value) {
        return String.format(Locale.ROOT, "%,.0f ev/s", value);
    }

    static String ms(double value) {
        return String.format(Locale.ROOT, "%.2f ms", value);
    }

    static String ratio(double value) {
        return String.format(Locale.ROOT, "%.2fx", value);
    }

    static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
