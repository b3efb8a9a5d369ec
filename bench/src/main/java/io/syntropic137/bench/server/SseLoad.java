package io.syntropic137.bench.server;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The SSE side of {@code bench server}, run as its own JVM so its objects do not count in the server's heap (and on
 * plain sockets, one virtual thread each, so the load costs little CPU beside the server it measures):
 * {@code SseLoad <url> <clients> <frames>} opens the streams, prints {@code connected N} once every client is
 * streaming, then records, for each {@code tool} frame, receipt time minus the frame's {@code at} (set from the wall
 * clock right before the append; both processes read the same clock), and prints {@code result <json>}.
 * Then it reads each frame's commit time from stdin ("position micros" lines, then "done") and also reports receipt minus commit.
 */
public final class SseLoad {
    private SseLoad() {
    }

    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]);
        int clients = Integer.parseInt(args[1]);
        int frames = Integer.parseInt(args[2]);
        long[] latencies = new long[clients * frames];
        long[] positions = new long[clients * frames];
        long[] receivedMicros = new long[clients * frames];
        AtomicInteger recorded = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        CountDownLatch connected = new CountDownLatch(clients);
        CountDownLatch done = new CountDownLatch(clients);
        for (int i = 0; i < clients; i++) {
            Thread.ofVirtual().start(() -> {
                boolean counted = false;
                try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
                    socket.getOutputStream().write(("GET " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost()
                            + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    socket.getOutputStream().flush();
                    BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
                    String status = in.readLine();
                    if (status == null || !status.startsWith("HTTP/1.1 200")) {
                        throw new IllegalStateException("answered " + status);
                    }
                    connected.countDown();
                    counted = true;
                    int seen = 0;
                    boolean tool = false;
                    long position = 0;
                    String line;
                    // a raw HTTP/1.1 reader: header lines and chunk-size lines never start with the SSE field names
                    // looked for here, and each frame is written (and so chunked) whole
                    while (seen < frames && (line = in.readLine()) != null) {
                        if (line.startsWith("id: ")) {
                            position = Long.parseLong(line.substring(4));
                        } else if (line.equals("event: tool")) {
                            tool = true;
                        } else if (tool && line.startsWith("data: ")) {
                            Instant received = Instant.now();
                            int at = line.indexOf("\"at\":\"") + 6;
                            Instant sent = Instant.parse(line.substring(at, line.indexOf('"', at)));
                            int slot = recorded.getAndIncrement();
                            latencies[slot] = Duration.between(sent, received).toNanos() / 1000;
                            positions[slot] = position;
                            receivedMicros[slot] = received.getEpochSecond() * 1_000_000L + received.getNano() / 1000;
                            seen++;
                            tool = false;
                        }
                    }
                } catch (Exception e) {
                    failures.incrementAndGet();
                    System.err.println("client failed: " + e);
                } finally {
                    if (!counted) {
                        connected.countDown();
                    }
                    done.countDown();
                }
            });
        }
        connected.await();
        System.out.println("connected " + (clients - failures.get()));
        System.out.flush();
        // the bench then sends "position commitMicros" per appended frame, and "done"
        java.util.Map<Long, Long> committed = new java.util.HashMap<>();
        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in));
        String line;
        while ((line = stdin.readLine()) != null && !line.equals("done")) {
            String[] parts = line.split(" ");
            committed.put(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
        }
        done.await(60, TimeUnit.SECONDS);
        int n = recorded.get();
        long[] afterCommit = new long[n];
        int m = 0;
        for (int i = 0; i < n; i++) {
            Long commit = committed.get(positions[i]);
            if (commit != null) {
                afterCommit[m++] = receivedMicros[i] - commit;
            }
        }
        System.out.println("result {\"frames\": " + n + ", \"failures\": " + failures.get()
                + ", \"p50_ms\": " + Percentiles.ms(latencies, n, 0.50) + ", \"p99_ms\": " + Percentiles.ms(latencies, n, 0.99)
                + ", \"max_ms\": " + Percentiles.ms(latencies, n, 1.0)
                + ", \"after_commit_p50_ms\": " + Percentiles.ms(afterCommit, m, 0.50)
                + ", \"after_commit_p99_ms\": " + Percentiles.ms(afterCommit, m, 0.99) + "}");
        System.out.flush();
        System.exit(0);
    }
}
