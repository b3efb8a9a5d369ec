package io.syntropic137.bench.eventstore;

import java.util.Arrays;

/** Latency samples of one thread, in nanoseconds; merged and sorted once at the end, so recording costs an array store. */
final class Latencies {
    private long[] samples = new long[1 << 14];
    private int size;

    void record(long nanos) {
        if (size == samples.length) {
            samples = Arrays.copyOf(samples, size * 2);
        }
        samples[size++] = nanos;
    }

    int size() {
        return size;
    }

    static Latencies merge(Iterable<Latencies> parts) {
        Latencies all = new Latencies();
        for (Latencies part : parts) {
            for (int i = 0; i < part.size; i++) {
                all.record(part.samples[i]);
            }
        }
        Arrays.sort(all.samples, 0, all.size);
        return all;
    }

    /** Nearest-rank percentile of merged (sorted) samples, in milliseconds. */
    double percentileMillis(double percentile) {
        if (size == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(percentile / 100.0 * size);
        return samples[Math.clamp(rank - 1, 0, size - 1)] / 1e6;
    }

    static double medianMillis(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return (n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0) / 1e6;
    }
}
