package io.syntropic137.workspaces;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Stops a process and everything it started. The tree is captured before any signal is sent: once a parent dies
 * its children are re-parented and can no longer be found through it.
 */
final class ProcessTree {
    private static final Duration POLL = Duration.ofMillis(10);
    /** After SIGKILL the kernel needs only moments; this bounds the wait should a process be stuck in the kernel. */
    private static final Duration KILL_WAIT = Duration.ofSeconds(10);

    private ProcessTree() {
    }

    /** The root and its descendants that are running now (zombies count as gone: they hold no resources but a pid). */
    static Set<ProcessHandle> capture(ProcessHandle root) {
        Set<ProcessHandle> tree = new LinkedHashSet<>();
        if (running(root)) {
            tree.add(root);
        }
        root.descendants().filter(ProcessTree::running).forEach(tree::add);
        return tree;
    }

    /**
     * Sends {@code signal} to every process of the tree that {@code signalGracefully} accepts, waits up to
     * {@code grace} for the tree to exit, then SIGKILLs every survivor (including processes started meanwhile).
     * Returns once none is running.
     *
     * @param signalGracefully false for supervisor processes that must not receive the graceful signal (bubblewrap
     *                         would turn a SIGTERM into an immediate SIGKILL of the whole sandbox)
     */
    static void stop(ProcessHandle root, String signal, Duration grace, Predicate<ProcessHandle> signalGracefully)
            throws InterruptedException {
        Set<ProcessHandle> tree = capture(root);
        List<ProcessHandle> targets = tree.stream().filter(signalGracefully).toList();
        if (targets.isEmpty()) {
            targets = List.copyOf(tree);
        }
        signal(targets, signal);
        long deadline = System.nanoTime() + grace.toNanos();
        while (System.nanoTime() < deadline && anyRunning(tree)) {
            Thread.sleep(POLL);
        }
        for (int round = 0; round < 3; round++) {
            // descendants started during the grace period are caught here, before their parents die
            Set<ProcessHandle> survivors = new LinkedHashSet<>(tree);
            survivors.addAll(capture(root));
            survivors.removeIf(handle -> !running(handle));
            if (survivors.isEmpty()) {
                return;
            }
            survivors.forEach(ProcessHandle::destroyForcibly);
            tree = survivors;
            long killDeadline = System.nanoTime() + KILL_WAIT.toNanos();
            while (System.nanoTime() < killDeadline && anyRunning(tree)) {
                Thread.sleep(POLL);
            }
        }
        Set<ProcessHandle> left = new LinkedHashSet<>(tree);
        left.removeIf(handle -> !running(handle));
        if (!left.isEmpty()) {
            throw new IllegalStateException("processes survived SIGKILL: " + pids(left));
        }
    }

    static boolean anyRunning(Set<ProcessHandle> tree) {
        return tree.stream().anyMatch(ProcessTree::running);
    }

    /** Alive and not a zombie (a zombie waits only for its parent to reap it; on a container's pid 1 maybe never). */
    static boolean running(ProcessHandle handle) {
        if (!handle.isAlive()) {
            return false;
        }
        Path stat = Path.of("/proc", Long.toString(handle.pid()), "stat");
        try {
            String text = Files.readString(stat);
            // format: pid (comm) state ...; comm may contain spaces and parentheses, so read after the last ')'
            int close = text.lastIndexOf(')');
            char state = text.charAt(close + 2);
            return state != 'Z' && state != 'X';
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            // no /proc (not Linux): the JDK's answer is all there is
            return handle.isAlive();
        }
    }

    static void signal(List<ProcessHandle> targets, String signal) throws InterruptedException {
        if (targets.isEmpty()) {
            return;
        }
        String name = signal.toUpperCase(Locale.ROOT).replaceFirst("^SIG", "");
        switch (name) {
            case "KILL" -> targets.forEach(ProcessHandle::destroyForcibly);
            case "TERM" -> targets.forEach(ProcessHandle::destroy);
            default -> sendWithKill(targets, name);
        }
    }

    private static void sendWithKill(List<ProcessHandle> targets, String name) throws InterruptedException {
        if (!name.matches("[A-Z0-9]+")) {
            throw new IllegalArgumentException("not a signal name: " + name);
        }
        List<String> command = new ArrayList<>(List.of("kill", "-s", name));
        targets.forEach(handle -> command.add(Long.toString(handle.pid())));
        try {
            Process kill = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(kill.getInputStream().readAllBytes());
            // a non-zero exit is expected when a target exited in between; only an unknown signal is a caller error
            if (kill.waitFor() != 0 && output.contains("invalid signal")) {
                throw new IllegalArgumentException("kill does not know signal " + name + ": " + output.strip());
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not run kill to send SIG" + name, e);
        }
    }

    static String pids(Set<ProcessHandle> handles) {
        return handles.stream().map(h -> Long.toString(h.pid())).collect(Collectors.joining(", "));
    }
}
