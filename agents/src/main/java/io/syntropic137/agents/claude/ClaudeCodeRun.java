package io.syntropic137.agents.claude;

import com.fasterxml.jackson.databind.JsonNode;
import io.syntropic137.agents.StreamTail;
import io.syntropic137.engine.port.AgentResult;
import io.syntropic137.engine.port.AgentRun;
import io.syntropic137.engine.port.SandboxedProcess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * One running Claude Code CLI. {@link #stop} sends SIGINT, on which the CLI aborts its turn and still prints its
 * {@code result} line (SIGTERM would leave none), and SIGKILLs whatever of the tree is left after the grace. The
 * run's sockets close when the result is known or the run is stopped.
 */
public final class ClaudeCodeRun implements AgentRun {
    private static final Logger LOG = LoggerFactory.getLogger(ClaudeCodeRun.class);
    private static final Duration STDOUT_DRAIN = Duration.ofSeconds(5);

    private final SandboxedProcess process;
    private final StreamJsonReader stdout;
    private final StreamTail stderr;
    private final ModelProxy proxy;
    private final HookServer hooks;
    private volatile boolean stopped;
    private AgentResult result;

    ClaudeCodeRun(SandboxedProcess process, StreamJsonReader stdout, StreamTail stderr, ModelProxy proxy,
                  HookServer hooks) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
        this.proxy = proxy;
        this.hooks = hooks;
    }

    @Override
    public Optional<AgentResult> await(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout)) {
            return Optional.empty();
        }
        return Optional.of(finish());
    }

    private synchronized AgentResult finish() throws InterruptedException {
        if (result == null) {
            int exit = process.waitFor();
            if (!stdout.awaitEnd(STDOUT_DRAIN)) {
                LOG.warn("claude's stdout was still open {} after it exited (a leftover child holds it?)", STDOUT_DRAIN);
            }
            stdout.failure().ifPresent(e -> LOG.warn("claude's stdout could not be read to its end", e));
            stderr.awaitEnd();
            closeServers();
            result = RunOutcome.decide(stdout.lastResult(), exit, stopped, stderr.text(), proxy.reportedTotal());
        }
        return result;
    }

    @Override
    public void stop(Duration grace) throws InterruptedException {
        stopped = true;
        process.stop("INT", grace);
        finish();
    }

    @Override
    public Set<Long> pids() {
        return process.treePids();
    }

    /** The host pid the workspace started (bwrap for a sandbox). */
    public long pid() {
        return process.pid();
    }

    /** API retries the CLI reported ({@code system/api_retry}) so far. */
    public int apiRetries() {
        return stdout.apiRetries();
    }

    /** The CLI's last {@code result} line as it printed it, once there is one. */
    public Optional<JsonNode> resultLine() {
        return stdout.lastResult().map(StreamJsonReader.ResultSummary::line);
    }

    /** Whether the CLI's Stop hook ran (the agent finished its turn by itself). */
    public boolean stopHookSeen() {
        return hooks.stopSeen();
    }

    /** Messages API calls that went through the proxy, retries included. */
    public int modelCalls() {
        return proxy.messageCalls();
    }

    private void closeServers() {
        try {
            proxy.close();
        } catch (IOException e) {
            LOG.warn("closing the model proxy's socket failed", e);
        }
        try {
            hooks.close();
        } catch (IOException e) {
            LOG.warn("closing the hook socket failed", e);
        }
    }
}
