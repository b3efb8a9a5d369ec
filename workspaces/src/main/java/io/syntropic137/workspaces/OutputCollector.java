package io.syntropic137.workspaces;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Drains a process stream on its own thread (a full pipe would block the process), keeping the last bytes. */
final class OutputCollector {
    private static final int KEEP = 16 * 1024;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private final Thread thread;
    private volatile IOException failure;

    OutputCollector(InputStream stream) {
        this.thread = Thread.ofVirtual().start(() -> drain(stream));
    }

    private void drain(InputStream stream) {
        byte[] buffer = new byte[8192];
        try (stream) {
            int n;
            while ((n = stream.read(buffer)) >= 0) {
                synchronized (kept) {
                    kept.write(buffer, 0, n);
                    if (kept.size() > 4 * KEEP) {
                        byte[] all = kept.toByteArray();
                        kept.reset();
                        kept.write(all, all.length - KEEP, KEEP);
                    }
                }
            }
        } catch (IOException e) {
            failure = e;
        }
    }

    /** The output's tail, after the stream ended. */
    String text() throws InterruptedException {
        thread.join();
        if (failure != null) {
            throw new UncheckedIOException("reading process output failed", failure);
        }
        synchronized (kept) {
            byte[] all = kept.toByteArray();
            int from = Math.max(0, all.length - KEEP);
            return new String(all, from, all.length - from, StandardCharsets.UTF_8);
        }
    }
}
