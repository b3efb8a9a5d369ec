package io.syntropic137.server.stream;

import io.syntropic137.server.ServerConfig;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How the live streams behave, read from the environment: {@code SYN_STREAM_KEEPALIVE_MS} (default 15000), the
 * interval of the {@code : keep-alive} comment that keeps idle connections (and proxies) from timing out;
 * {@code SYN_STREAM_CLIENT_QUEUE} (default 1024), how many frames a client may fall behind the live tail before it
 * is disconnected (it then reconnects with Last-Event-ID and catches up from the store).
 */
public record StreamSettings(Duration keepAlive, int clientQueueFrames) {
    public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(15);
    public static final int DEFAULT_CLIENT_QUEUE = 1024;
    /** Below the HTTP server's 30 s idle timeout, so a quiet stream is never cut. */
    static final Duration MAX_KEEP_ALIVE = Duration.ofSeconds(25);

    public StreamSettings {
        if (keepAlive.isNegative() || keepAlive.isZero()) {
            throw new IllegalArgumentException("the keep-alive interval must be positive: " + keepAlive);
        }
        if (clientQueueFrames < 1) {
            throw new IllegalArgumentException("a client queue holds at least one frame: " + clientQueueFrames);
        }
    }

    public static StreamSettings defaults() {
        return new StreamSettings(DEFAULT_KEEP_ALIVE, DEFAULT_CLIENT_QUEUE);
    }

    public StreamSettings withKeepAlive(Duration interval) {
        return new StreamSettings(interval, clientQueueFrames);
    }

    public StreamSettings withClientQueue(int frames) {
        return new StreamSettings(keepAlive, frames);
    }

    public static StreamSettings fromEnvironment(Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        long keepAliveMs = positive(env, "SYN_STREAM_KEEPALIVE_MS", DEFAULT_KEEP_ALIVE.toMillis(), problems);
        if (keepAliveMs > MAX_KEEP_ALIVE.toMillis()) {
            problems.add("SYN_STREAM_KEEPALIVE_MS=" + keepAliveMs + " is too long: at most " + MAX_KEEP_ALIVE.toMillis()
                    + " (the HTTP server closes a connection idle for 30 s)");
        }
        long queue = positive(env, "SYN_STREAM_CLIENT_QUEUE", DEFAULT_CLIENT_QUEUE, problems);
        if (queue > 1_000_000) {
            problems.add("SYN_STREAM_CLIENT_QUEUE=" + queue + " is too large: at most 1000000 frames");
        }
        if (!problems.isEmpty()) {
            throw new ServerConfig.InvalidConfigException(problems);
        }
        return new StreamSettings(Duration.ofMillis(keepAliveMs), (int) queue);
    }

    private static long positive(Map<String, String> env, String name, long fallback, List<String> problems) {
        String text = env.get(name);
        if (text == null) {
            return fallback;
        }
        try {
            long value = Long.parseLong(text.strip());
            if (value >= 1) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below, with what is allowed
        }
        problems.add(name + "=" + text + " must be a whole number >= 1");
        return fallback;
    }
}
