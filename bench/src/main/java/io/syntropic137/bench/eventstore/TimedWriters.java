package io.syntropic137.bench.eventstore;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;

/**
 * Runs N writers flat out: first a warm-up phase (JIT, pools, caches) that is not recorded, then a timed phase
 * in which every operation's latency is recorded. Writers keep their state across the phases.
 */
final class TimedWriters {

    /** One writer: performs one operation and throws when it failed. */
    @FunctionalInterface
    interface Writer {
        void writeOne() throws Exception;
    }

    record Result(long operations, long errors, double seconds, Latencies latencies, String firstError) {
        static final Result NONE = new Result(0, 0, 0, new Latencies(), null);

        double perSecond() {
            return operations / seconds;
        }

        /** Two timed windows as one: operations and time add up, latencies pool. */
        Result plus(Result other) {
            return new Result(operations + other.operations, errors + other.errors, seconds + other.seconds,
                    Latencies.merge(List.of(latencies, other.latencies)),
                    firstError != null ? firstError : other.firstError);
        }
    }

    private TimedWriters() {
    }

    static Result run(int writers, Duration warmup, Duration measure, IntFunction<Writer> factory) throws Exception {
        List<Writer> all = new ArrayList<>(writers);
        for (int i = 0; i < writers; i++) {
            all.add(factory.apply(i));
        }
        AtomicInteger threadNumber = new AtomicInteger();
        // platform threads: both sides block in JDBC or on the group-commit future, one thread per writer as in a server
        try (ExecutorService pool = Executors.newFixedThreadPool(writers,
                r -> Thread.ofPlatform().name("bench-writer-" + threadNumber.incrementAndGet()).daemon(true).unstarted(r))) {
            phase(pool, all, warmup, false);
            return phase(pool, all, measure, true);
        }
    }

    private static Result phase(ExecutorService pool, List<Writer> writers, Duration length, boolean record) throws Exception {
        AtomicLong errors = new AtomicLong();
        AtomicLong operations = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        List<Latencies> latencies = new ArrayList<>();
        List<Future<?>> running = new ArrayList<>();
        long start = System.nanoTime();
        long deadline = start + length.toNanos();
        for (Writer writer : writers) {
            Latencies mine = new Latencies();
            latencies.add(mine);
            running.add(pool.submit(() -> {
                long done = 0;
                while (true) {
                    long begin = System.nanoTime();
                    if (begin >= deadline) {
                        break;
                    }
                    try {
                        writer.writeOne();
                        long took = System.nanoTime() - begin;
                        if (record) {
                            mine.record(took);
                        }
                        done++;
                    } catch (Exception e) {
                        errors.incrementAndGet();
                        firstError.compareAndSet(null, e.toString());
                    }
                }
                operations.addAndGet(done);
                return null;
            }));
        }
        for (Future<?> future : running) {
            future.get();
        }
        // the window ends when the last in-flight operation returned, so every counted operation lies inside it
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(operations.get(), errors.get(), seconds, Latencies.merge(latencies), firstError.get());
    }
}
