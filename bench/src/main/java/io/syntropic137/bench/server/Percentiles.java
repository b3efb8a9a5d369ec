package io.syntropic137.bench.server;

import java.util.Arrays;

/** Nearest-rank percentiles of recorded latencies (microseconds in, milliseconds out). */
final class Percentiles {
    private Percentiles() {
    }

    static double ms(long[] micros, int count, double quantile) {
        if (count == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(micros, count);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(quantile * count) - 1;
        return sorted[Math.max(0, Math.min(count - 1, rank))] / 1000.0;
    }
}
