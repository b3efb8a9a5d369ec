package io.syntropic137.workspaces;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Which server process owns a workspace: its pid and start time. The start time tells a live owner from an
 * unrelated process that got the same pid after the owner crashed.
 *
 * @param startedAt null when the platform does not report process start times; then the pid alone decides
 */
record OwnerMarker(long pid, Instant startedAt) {

    /** Asked once: {@code ProcessHandle.info()} reads several files under /proc, and every workspace needs a marker. */
    private static final OwnerMarker CURRENT = of(ProcessHandle.current());

    static OwnerMarker current() {
        return CURRENT;
    }

    static OwnerMarker of(ProcessHandle handle) {
        return new OwnerMarker(handle.pid(), handle.info().startInstant().orElse(null));
    }

    boolean ownerAlive() {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty() || !ProcessTree.running(handle.get())) {
            return false;
        }
        Optional<Instant> start = handle.get().info().startInstant();
        return startedAt == null || start.isEmpty() || start.get().equals(startedAt);
    }

    /** Written to a temporary file and moved into place, so a reader never sees half a marker. */
    void writeTo(Path file) throws IOException {
        String text = "pid=" + pid + "\nstarted=" + (startedAt == null ? "" : startedAt) + "\n";
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temp, text, StandardCharsets.UTF_8);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Empty when the file is not a marker this class wrote (the caller decides what an unreadable marker means). */
    static Optional<OwnerMarker> readFrom(Path file) throws IOException {
        Long pid = null;
        Instant started = null;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            try {
                if (line.startsWith("pid=")) {
                    pid = Long.parseLong(line.substring(4));
                } else if (line.startsWith("started=") && line.length() > 8) {
                    started = Instant.parse(line.substring(8));
                }
            } catch (NumberFormatException | DateTimeParseException e) {
                return Optional.empty();
            }
        }
        return pid == null ? Optional.empty() : Optional.of(new OwnerMarker(pid, started));
    }
}
