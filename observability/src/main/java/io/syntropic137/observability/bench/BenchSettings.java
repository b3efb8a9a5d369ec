package io.syntropic137.observability.bench;

import java.util.List;

/**
 * @param events       events ingested per side (ours and the baseline)
 * @param costRows     rows in the table when the cost query is measured
 * @param rounds       each side is measured this many times, alternating; the best of each is reported
 * @param producers    threads submitting through the buffer
 * @param submitBatch  events per submit (what one agent runtime flush would hand over)
 * @param baselineChunk rows per transaction of the baseline (COPY on PostgreSQL, INSERT batch on SQLite)
 * @param flushers     buffer flusher threads (each writes whole batches on its own connection)
 */
record BenchSettings(int events, long costRows, int rounds, int producers, int submitBatch, int baselineChunk,
                     int costQueries, int bufferBatch, int flushers) {

    /**
     * PostgreSQL: two flushers (two COPY streams, as the server runs) with 10,000-event transactions against
     * the baseline's single stream of 50,000-row transactions. SQLite has one writer per file, so one flusher,
     * and transactions as large as the baseline's: there the commit (an fsync) is what batching amortizes.
     */
    static BenchSettings full(String backend) {
        boolean sqlite = backend.equals("sqlite");
        return new BenchSettings(2_000_000, 10_000_000, 3, 4, 500, 50_000, 500, sqlite ? 50_000 : 10_000, sqlite ? 1 : 2);
    }

    /**
     * SQLite only, for a like-for-like reading: the baseline's connection also skips the driver's generated-key
     * lookup, as our store's writer does. Off by default, so the recorded baseline stays the plain one.
     */
    static final String BASELINE_WITHOUT_GENERATED_KEYS = "--baseline-without-generated-keys";

    static BenchSettings quick() {
        return new BenchSettings(20_000, 50_000, 1, 2, 500, 5_000, 50, 2_000, 2);
    }

    static BenchSettings parse(List<String> args, String backend) {
        BenchSettings s = args.contains("--quick") ? quick() : full(backend);
        for (int i = 0; i < args.size(); i++) {
            String flag = args.get(i);
            if (flag.equals("--quick") || flag.equals("--backend") || flag.equals(BASELINE_WITHOUT_GENERATED_KEYS)) {
                i += flag.equals("--backend") ? 1 : 0;
                continue;
            }
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException("unknown option or missing value: " + flag);
            }
            long value;
            try {
                value = Long.parseLong(args.get(++i).replace("_", ""));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(flag + " needs a number, got " + args.get(i));
            }
            s = switch (flag) {
                case "--events" -> new BenchSettings((int) value, s.costRows, s.rounds, s.producers, s.submitBatch, s.baselineChunk, s.costQueries, s.bufferBatch, s.flushers);
                case "--cost-rows" -> new BenchSettings(s.events, value, s.rounds, s.producers, s.submitBatch, s.baselineChunk, s.costQueries, s.bufferBatch, s.flushers);
                case "--rounds" -> new BenchSettings(s.events, s.costRows, (int) value, s.producers, s.submitBatch, s.baselineChunk, s.costQueries, s.bufferBatch, s.flushers);
                case "--producers" -> new BenchSettings(s.events, s.costRows, s.rounds, (int) value, s.submitBatch, s.baselineChunk, s.costQueries, s.bufferBatch, s.flushers);
                case "--buffer-batch" -> new BenchSettings(s.events, s.costRows, s.rounds, s.producers, s.submitBatch, s.baselineChunk, s.costQueries, (int) value, s.flushers);
                case "--baseline-chunk" -> new BenchSettings(s.events, s.costRows, s.rounds, s.producers, s.submitBatch, (int) value, s.costQueries, s.bufferBatch, s.flushers);
                case "--flushers" -> new BenchSettings(s.events, s.costRows, s.rounds, s.producers, s.submitBatch, s.baselineChunk, s.costQueries, s.bufferBatch, (int) value);
                default -> throw new IllegalArgumentException("unknown option " + flag);
            };
        }
        if (s.events < 1 || s.rounds < 1 || s.producers < 1 || s.costRows < s.events) {
            throw new IllegalArgumentException("need events >= 1, rounds >= 1, producers >= 1 and cost-rows >= events");
        }
        return s;
    }
}
