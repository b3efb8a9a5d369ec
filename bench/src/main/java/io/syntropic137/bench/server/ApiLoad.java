package io.syntropic137.bench.server;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The REST side of {@code bench server}, run as its own JVM: {@code ApiLoad <url> <rps> <warmup s> <seconds>} sends
 * GETs on an open-loop schedule (request i is due at start + i/rps, whatever happened to earlier ones) and measures
 * each latency from the request's <em>due</em> time, so a stalled server shows as latency instead of silently
 * lowering the rate (no coordinated omission). Prints {@code result <json>}.
 */
public final class ApiLoad {
    private ApiLoad() {
    }

    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]);
        int rps = Integer.parseInt(args[1]);
        int warmupSeconds = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
        int warmup = rps * warmupSeconds;
        int total = warmup + rps * seconds;
        long[] latencies = new long[rps * seconds];
        AtomicInteger recorded = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(total);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build();
        long start = System.nanoTime() + 100_000_000L;
        long interval = 1_000_000_000L / rps;
        for (int i = 0; i < total; i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            boolean measured = i >= warmup;
            http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
                long micros = (System.nanoTime() - due) / 1000;
                if (failure != null || response.statusCode() != 200) {
                    if (measured) {
                        errors.incrementAndGet();
                    }
                    if (errors.get() <= 5) {
                        System.err.println("request failed: " + (failure != null ? failure : response.statusCode()));
                    }
                } else if (measured) {
                    latencies[recorded.getAndIncrement()] = micros;
                }
                done.countDown();
            });
        }
        long sentFor = System.nanoTime() - start;
        done.await(60, TimeUnit.SECONDS);
        int n = recorded.get();
        System.out.println("result {\"requests\": " + (total - warmup) + ", \"ok\": " + n + ", \"errors\": " + errors.get()
                + ", \"achieved_rps\": " + Math.round(total / (sentFor / 1e9))
                + ", \"p50_ms\": " + Percentiles.ms(latencies, n, 0.50) + ", \"p99_ms\": " + Percentiles.ms(latencies, n, 0.99)
                + ", \"max_ms\": " + Percentiles.ms(latencies, n, 1.0) + "}");
        System.exit(0);
    }
}
