package io.syntropic137.bench.eventstore;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.BiFunction;

/** The backends the benchmark can run on, and the bars the issue sets for each. */
public enum Backend {
    POSTGRES("postgres", (label, settings) -> PostgresBenchDatabase.create(label)),
    SQLITE("sqlite", (label, settings) -> SqliteBenchDatabase.create(label, settings.sqliteFullSync()));

    private final String id;
    private final BiFunction<String, Settings, BenchDatabase> factory;

    Backend(String id, BiFunction<String, Settings, BenchDatabase> factory) {
        this.id = id;
        this.factory = factory;
    }

    public String id() {
        return id;
    }

    /** A fresh, empty database; {@code label} names it so a leftover one can be traced to its workload. */
    BenchDatabase freshDatabase(String label, Settings settings) {
        return factory.apply(label, settings);
    }

    public static Backend parse(String text) {
        return Arrays.stream(values()).filter(b -> b.id.equals(text.toLowerCase(Locale.ROOT))).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown backend '" + text + "': use postgres or sqlite"));
    }
}
