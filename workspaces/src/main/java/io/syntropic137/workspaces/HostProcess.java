package io.syntropic137.workspaces;

import io.syntropic137.engine.port.SandboxedProcess;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** A started process and its tree, as seen from the host. */
final class HostProcess implements SandboxedProcess {
    private final Process process;
    private final Predicate<ProcessHandle> signalGracefully;

    HostProcess(Process process, Predicate<ProcessHandle> signalGracefully) {
        this.process = process;
        this.signalGracefully = signalGracefully;
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public OutputStream stdin() {
        return process.getOutputStream();
    }

    @Override
    public InputStream stdout() {
        return process.getInputStream();
    }

    @Override
    public InputStream stderr() {
        return process.getErrorStream();
    }

    @Override
    public int waitFor() throws InterruptedException {
        return process.waitFor();
    }

    @Override
    public boolean waitFor(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public Set<Long> treePids() {
        return ProcessTree.capture(process.toHandle()).stream().map(ProcessHandle::pid).collect(Collectors.toSet());
    }

    @Override
    public void stop(String signal, Duration grace) throws InterruptedException {
        ProcessTree.stop(process.toHandle(), signal, grace, signalGracefully);
        // the direct child is reaped by the JDK; wait for that so exit codes are available to the caller
        process.waitFor(1, TimeUnit.SECONDS);
    }

    Process process() {
        return process;
    }
}
