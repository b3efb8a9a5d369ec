package io.syntropic137.agents;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Reads a stream to its end on a virtual thread, keeping only its last bytes (enough for an error message). */
public final class StreamTail {
    private final byte[] ring;
    private long written;
    private final Thread reader;

    private StreamTail(int size, InputStream in) {
        this.ring = new byte[size];
        this.reader = Thread.ofVirtual().start(() -> {
            byte[] buffer = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    append(buffer, n);
                }
            } catch (IOException e) {
                append(("\n[output unreadable: " + e.getMessage() + "]").getBytes(StandardCharsets.UTF_8), -1);
            }
        });
    }

    public static StreamTail drain(InputStream in, int size) {
        return new StreamTail(size, in);
    }

    private synchronized void append(byte[] bytes, int n) {
        int length = n < 0 ? bytes.length : n;
        for (int i = 0; i < length; i++) {
            ring[(int) (written++ % ring.length)] = bytes[i];
        }
    }

    public void awaitEnd() throws InterruptedException {
        reader.join(Duration.ofSeconds(2));
    }

    public synchronized String text() {
        int size = (int) Math.min(written, ring.length);
        byte[] out = new byte[size];
        long start = written - size;
        for (int i = 0; i < size; i++) {
            out[i] = ring[(int) ((start + i) % ring.length)];
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
