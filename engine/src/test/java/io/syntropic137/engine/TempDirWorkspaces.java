package io.syntropic137.engine;

import io.syntropic137.domain.orchestration.IsolationBackend;
import io.syntropic137.engine.port.ProcessSpec;
import io.syntropic137.engine.port.SandboxedProcess;
import io.syntropic137.engine.port.Workspace;
import io.syntropic137.engine.port.WorkspaceProvider;
import io.syntropic137.engine.port.WorkspaceSpec;
import io.syntropic137.engine.port.WorkspaceSteps;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Plain directories as workspaces, for testing the engine's logic with the in-process scripted agent (which starts
 * no process). The real providers (local, bubblewrap) have their own tests, and the server's end-to-end tests run
 * the engine with them.
 */
final class TempDirWorkspaces implements WorkspaceProvider {
    private final Path base;
    final AtomicInteger created = new AtomicInteger();
    final AtomicInteger destroyed = new AtomicInteger();

    TempDirWorkspaces(Path base) {
        this.base = base;
    }

    @Override
    public IsolationBackend backend() {
        return IsolationBackend.LOCAL;
    }

    @Override
    public boolean isolating() {
        return false;
    }

    @Override
    public Workspace create(WorkspaceSpec spec, WorkspaceSteps steps) throws IOException {
        Path root = base.resolve(spec.workspaceId());
        Files.createDirectories(root.resolve("artifacts/output"));
        Files.createDirectories(root.resolve("artifacts/input"));
        Files.createDirectories(root.resolve("repos"));
        Files.writeString(root.resolve("CLAUDE.md"), spec.instructions());
        for (Map.Entry<String, byte[]> input : spec.inputFiles().entrySet()) {
            Path file = root.resolve("artifacts/input").resolve(input.getKey());
            Files.createDirectories(file.getParent());
            Files.write(file, input.getValue());
        }
        steps.stepDone("layout", 0);
        created.incrementAndGet();
        return new Workspace() {
            @Override
            public String workspaceId() {
                return spec.workspaceId();
            }

            @Override
            public Path root() {
                return root;
            }

            @Override
            public SandboxedProcess start(ProcessSpec process) {
                throw new UnsupportedOperationException("the scripted agent starts no process");
            }

            @Override
            public void close() throws IOException {
                if (Files.exists(root)) {
                    try (Stream<Path> walk = Files.walk(root)) {
                        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                            Files.delete(p);
                        }
                    }
                    destroyed.incrementAndGet();
                }
            }
        };
    }

    @Override
    public List<String> destroyLeftovers() {
        return List.copyOf(leftovers);
    }

    /** Ids the next start reports as left behind by an earlier process. */
    final List<String> leftovers = new java.util.concurrent.CopyOnWriteArrayList<>();
}
