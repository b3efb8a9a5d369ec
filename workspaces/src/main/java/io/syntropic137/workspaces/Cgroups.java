package io.syntropic137.workspaces;

import io.syntropic137.domain.orchestration.WorkspaceLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Per-sandbox cgroup (v1) limits for the whole process tree: {@code pids.max} (a fork bomb stops at the limit),
 * {@code memory.limit_in_bytes} (the kernel OOM-kills inside the group) and a CPU quota from milliCpus. Used when
 * the server may create groups in the v1 hierarchies of these controllers (as root on this machine kind); otherwise
 * the sandbox relies on rlimits alone. cgroup v2 is not handled yet: it needs a delegated subtree.
 */
final class Cgroups {
    private static final Logger LOG = LoggerFactory.getLogger(Cgroups.class);
    private static final List<String> CONTROLLERS = List.of("pids", "memory", "cpu");
    private static final AtomicLong SEQUENCE = new AtomicLong();

    /** controller -> the directory under which this server creates its groups */
    private final Map<String, Path> parents;

    private Cgroups(Map<String, Path> parents) {
        this.parents = Map.copyOf(parents);
    }

    static Cgroups none() {
        return new Cgroups(Map.of());
    }

    boolean limitsProcesses() {
        return parents.containsKey("pids");
    }

    boolean limitsMemory() {
        return parents.containsKey("memory");
    }

    /** Finds the v1 hierarchies of pids, memory and cpu and keeps those in which a group can be created. */
    static Cgroups detect() {
        Map<String, Path> usable = new HashMap<>();
        try {
            Map<String, String> ownPaths = ownPaths(Files.readAllLines(Path.of("/proc/self/cgroup")));
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                String[] halves = line.split(" - ", 2);
                if (halves.length < 2) {
                    continue;
                }
                String[] fields = halves[0].split(" ");
                String[] tail = halves[1].split(" ");
                if (!tail[0].equals("cgroup") || tail.length < 3) {
                    continue;
                }
                List<String> options = List.of(tail[2].split(","));
                for (String controller : CONTROLLERS) {
                    if (!options.contains(controller) || !ownPaths.containsKey(controller)) {
                        continue;
                    }
                    String mountRoot = fields[3];
                    String own = ownPaths.get(controller);
                    String relative = own.startsWith(mountRoot) ? own.substring(mountRoot.length()) : own;
                    Path parent = Path.of(fields[4], relative.replaceFirst("^/+", ""), "syntropic137");
                    if (canCreateGroupIn(parent)) {
                        usable.put(controller, parent);
                    }
                }
            }
        } catch (IOException e) {
            LOG.info("no cgroup limits for sandboxes (cannot read /proc/self/cgroup or mountinfo: {}); rlimits only", e.toString());
        }
        return new Cgroups(usable);
    }

    private static Map<String, String> ownPaths(List<String> lines) {
        Map<String, String> paths = new HashMap<>();
        for (String line : lines) {
            String[] parts = line.split(":", 3);
            if (parts.length == 3 && !parts[1].isEmpty()) {
                for (String controller : parts[1].split(",")) {
                    paths.put(controller, parts[2]);
                }
            }
        }
        return paths;
    }

    private static boolean canCreateGroupIn(Path parent) {
        Path probe = parent.resolve("probe-" + ProcessHandle.current().pid());
        try {
            Files.createDirectories(probe);
            Files.delete(probe);
            return true;
        } catch (IOException e) {
            LOG.debug("cannot create cgroups under {}: {}", parent, e.toString());
            return false;
        }
    }

    /**
     * Creates one group per usable controller for a sandbox and writes its limits. The returned group is empty
     * until a process writes itself to {@link Group#procsFiles()}.
     */
    Group create(String name, WorkspaceLimits limits) throws IOException {
        List<Path> dirs = new ArrayList<>();
        String unique = name + "-" + SEQUENCE.incrementAndGet();
        Group group = new Group(dirs);
        try {
            for (Map.Entry<String, Path> entry : parents.entrySet()) {
                Path dir = Files.createDirectories(entry.getValue().resolve(unique));
                dirs.add(dir);
                switch (entry.getKey()) {
                    // bwrap itself runs two processes in the group besides the sandboxed ones
                    case "pids" -> Files.writeString(dir.resolve("pids.max"), Integer.toString(limits.maxProcesses() + 2));
                    case "memory" -> Files.writeString(dir.resolve("memory.limit_in_bytes"),
                            Long.toString(limits.memoryMb() * 1024 * 1024));
                    case "cpu" -> {
                        Files.writeString(dir.resolve("cpu.cfs_period_us"), "100000");
                        Files.writeString(dir.resolve("cpu.cfs_quota_us"), Long.toString(limits.milliCpus() * 100L));
                    }
                    default -> throw new IllegalStateException("unknown controller " + entry.getKey());
                }
            }
            return group;
        } catch (IOException e) {
            group.remove();
            throw new IOException("could not set up the sandbox's cgroup limits: " + e.getMessage(), e);
        }
    }

    /** The groups of one sandbox, one per controller. */
    record Group(List<Path> dirs) {
        List<Path> procsFiles() {
            return dirs.stream().map(dir -> dir.resolve("cgroup.procs")).toList();
        }

        /** Removes the groups; a group still holding exiting processes is retried briefly. */
        void remove() {
            for (Path dir : dirs) {
                for (int attempt = 0; ; attempt++) {
                    try {
                        Files.deleteIfExists(dir);
                        break;
                    } catch (IOException e) {
                        if (attempt >= 50) {
                            LOG.warn("could not remove cgroup {}: {}", dir, e.toString());
                            break;
                        }
                        try {
                            Thread.sleep(20);
                        } catch (InterruptedException interrupted) {
                            Thread.currentThread().interrupt();
                            LOG.warn("interrupted while removing cgroup {}", dir);
                            return;
                        }
                    }
                }
            }
        }
    }
}
