package io.syntropic137.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code syn} as its own process (a child JVM with this test's class path), so exit codes, stdout and stderr
 * are the real ones a user or script sees.
 */
final class CliProcess {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    /** What one run left behind. */
    record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private final String server;
    private final Path workingDirectory;
    private final Map<String, String> environment;

    CliProcess(String server, Path workingDirectory) {
        this(server, workingDirectory, Map.of());
    }

    /** With settings added to the CLI's environment (e.g. SYN_TOKEN). */
    CliProcess(String server, Path workingDirectory, Map<String, String> environment) {
        this.server = server;
        this.workingDirectory = workingDirectory;
        this.environment = Map.copyOf(environment);
    }

    Result run(String... args) {
        Running running = start(args);
        return running.await(TIMEOUT);
    }

    Running start(String... args) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElseThrow(() ->
                new IllegalStateException("the path of this JVM's java is unknown")));
        command.add("-XX:TieredStopAtLevel=1"); // short-lived: start fast rather than compile well
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(SynCli.class.getName());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile());
        Map<String, String> env = builder.environment();
        env.remove("SYN_SERVER");
        env.remove("SYN_TOKEN"); // only what the test chose
        if (server != null) {
            env.put("SYN_SERVER", server);
        }
        env.putAll(environment);
        try {
            return new Running(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("the CLI process could not be started", e);
        }
    }

    /** A CLI process still running; its output is collected as it comes. */
    static final class Running {
        private final Process process;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final ByteArrayOutputStream err = new ByteArrayOutputStream();
        private final Thread outPump;
        private final Thread errPump;

        Running(Process process) {
            this.process = process;
            try {
                process.getOutputStream().close(); // the CLI reads nothing from stdin
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            this.outPump = pump(process.getInputStream(), out);
            this.errPump = pump(process.getErrorStream(), err);
        }

        private static Thread pump(InputStream from, ByteArrayOutputStream to) {
            return Thread.ofVirtual().start(() -> {
                byte[] buffer = new byte[8192];
                try (from) {
                    int n;
                    while ((n = from.read(buffer)) >= 0) {
                        synchronized (to) {
                            to.write(buffer, 0, n);
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }

        String outSoFar() {
            synchronized (out) {
                return out.toString(StandardCharsets.UTF_8);
            }
        }

        Result await(Duration timeout) {
            try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    outPump.join(2000);
                    errPump.join(2000);
                    throw new AssertionError("the CLI did not finish within " + timeout + "\n--- stdout\n" + outSoFar()
                            + "--- stderr\n" + err.toString(StandardCharsets.UTF_8));
                }
                outPump.join();
                errPump.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
            return new Result(process.exitValue(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }
    }
}
