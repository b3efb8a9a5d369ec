package io.syntropic137.agents.command;

import io.syntropic137.agents.StreamTail;
import io.syntropic137.domain.shared.TokenUsage;
import io.syntropic137.engine.port.AgentEvents;
import io.syntropic137.engine.port.AgentResult;
import io.syntropic137.engine.port.AgentRun;
import io.syntropic137.engine.port.AgentRuntime;
import io.syntropic137.engine.port.AgentTask;
import io.syntropic137.engine.port.ProcessSpec;
import io.syntropic137.engine.port.SandboxedProcess;
import io.syntropic137.engine.port.Workspace;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Runs a phase's {@code command} (argv) in its workspace with the rendered prompt on stdin. Exit code 0 is success;
 * otherwise the error names the exit code and the end of stderr. The process gets a minimal environment (no
 * server secrets): {@code PATH}, {@code HOME} (the workspace), {@code LANG} and the run's ids.
 */
public final class CommandRuntime implements AgentRuntime {
    public static final String NAME = "command";
    private static final int STDERR_TAIL = 2_000;

    private final List<String> defaultCommand;

    /** @param defaultCommand the argv of phases that name none (e.g. {@code [sh, -c, "cat > artifacts/output/prompt.md"]}) */
    public CommandRuntime(List<String> defaultCommand) {
        this.defaultCommand = List.copyOf(defaultCommand);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public AgentRun start(AgentTask task, Workspace workspace, AgentEvents events) throws IOException {
        List<String> argv = task.command().isEmpty() ? defaultCommand : task.command();
        if (argv.isEmpty()) {
            throw new IOException("phase '" + task.phaseId() + "' names no command for the command runtime (set `command:` in the workflow)");
        }
        Map<String, String> env = new HashMap<>();
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"));
        env.put("HOME", workspace.root().toString());
        env.put("LANG", "C.UTF-8");
        env.put("SYN_EXECUTION_ID", task.executionId());
        env.put("SYN_PHASE_ID", task.phaseId());
        env.put("SYN_SESSION_ID", task.sessionId());
        env.put("SYN_ATTEMPT", Integer.toString(task.attempt()));
        env.put("SYN_PROMPT", task.prompt());
        if (task.model() != null) {
            env.put("SYN_MODEL", task.model());
        }
        SandboxedProcess process = workspace.start(new ProcessSpec(argv, env));
        Thread stdinWriter = Thread.ofVirtual().start(() -> writeStdin(process.stdin(), task.prompt()));
        StreamTail stderr = StreamTail.drain(process.stderr(), STDERR_TAIL);
        StreamTail stdout = StreamTail.drain(process.stdout(), STDERR_TAIL);
        return new CommandRun(process, stdinWriter, stdout, stderr, String.join(" ", argv));
    }

    private static void writeStdin(OutputStream in, String prompt) {
        try (in) {
            in.write(prompt.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // the command does not read its stdin (or exited first): the prompt is also in $SYN_PROMPT
        }
    }

    private record CommandRun(SandboxedProcess process, Thread stdinWriter, StreamTail stdout, StreamTail stderr,
                              String commandLine) implements AgentRun {

        @Override
        public Optional<AgentResult> await(Duration timeout) throws InterruptedException {
            if (!process.waitFor(timeout)) {
                return Optional.empty();
            }
            int exit = process.waitFor();
            stdout.awaitEnd();
            stderr.awaitEnd();
            if (exit == 0) {
                return Optional.of(AgentResult.success(TokenUsage.NONE, BigDecimal.ZERO));
            }
            String tail = stderr.text().strip();
            return Optional.of(AgentResult.failure("command `" + commandLine + "` exited with code " + exit
                    + (tail.isEmpty() ? "" : ": " + tail), TokenUsage.NONE, BigDecimal.ZERO));
        }

        @Override
        public void stop(Duration grace) throws InterruptedException {
            process.stop("TERM", grace);
        }

        @Override
        public Set<Long> pids() {
            return process.treePids();
        }
    }
}
