package io.syntropic137.workspaces;

import io.syntropic137.engine.port.SandboxedProcess;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Runs a started process to its end and returns its exit code and output, failing on a hang. */
record ProcessOutput(int exit, String stdout, String stderr) {

    static ProcessOutput of(SandboxedProcess process, Duration timeout) throws Exception {
        process.stdin().close();
        byte[][] captured = new byte[2][];
        Thread readOut = Thread.ofVirtual().start(() -> captured[0] = readAll(process.stdout()));
        Thread readErr = Thread.ofVirtual().start(() -> captured[1] = readAll(process.stderr()));
        if (!process.waitFor(timeout)) {
            process.stop("KILL", Duration.ZERO);
            throw new AssertionError("process did not finish within " + timeout);
        }
        readOut.join();
        readErr.join();
        return new ProcessOutput(process.waitFor(), new String(captured[0], StandardCharsets.UTF_8),
                new String(captured[1], StandardCharsets.UTF_8));
    }

    private static byte[] readAll(java.io.InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
