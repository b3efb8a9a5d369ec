package io.syntropic137.bench.eventstore;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;

/** The backends the benchmark can run on, and the bars the issue sets for each. */
public enum Backend {
    POSTGRES("postgres", PostgresBenchDatabase::create),
    SQLITE("sqlite", SqliteBenchDatabase::create);

    private final String id;
    private final Function<String, BenchDatabase> factory;

    Backend(String id, Function<String, BenchDatabase> factory) {
        this.id = id;
        this.factory = factory;
    }

    public String id() {
        return id;
    }

    /** A fresh, empty database; {@code label} names it so a leftover one can be traced to its workload. */
    BenchDatabase freshDatabase(String label) {
        return factory.apply(label);
    }

    public static Backend parse(String text) {
        return Arrays.stream(values()).filter(b -> b.id.equals(text.toLowerCase(Locale.ROOT))).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown backend '" + text + "': use postgres or sqlite"));
    }
}
