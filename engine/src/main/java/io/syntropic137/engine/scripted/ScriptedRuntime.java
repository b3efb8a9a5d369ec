package io.syntropic137.engine.scripted;

import io.syntropic137.domain.orchestration.YieldPoint;
import io.syntropic137.domain.shared.TokenUsage;
import io.syntropic137.engine.port.AgentEvents;
import io.syntropic137.engine.port.AgentResult;
import io.syntropic137.engine.port.AgentRun;
import io.syntropic137.engine.port.AgentRuntime;
import io.syntropic137.engine.port.AgentTask;
import io.syntropic137.engine.port.Workspace;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * An in-process agent that plays a script: tool calls, model calls, files written, failures. It reports yield points
 * exactly where a real agent would (after each tool execution and each model call), so the engine's pause,
 * budget and cancel paths can be tested and benchmarked without a process.
 */
public final class ScriptedRuntime implements AgentRuntime {
    private final String name;
    private final Function<AgentTask, List<Step>> script;

    public ScriptedRuntime(String name, Function<AgentTask, List<Step>> script) {
        this.name = name;
        this.script = script;
    }

    /** One thing the scripted agent does. */
    public sealed interface Step {
        /** A tool call that takes {@code duration}; a yield point follows it. */
        record Tool(String tool, Duration duration) implements Step {
        }

        /** A model call with its usage; a yield point follows it. */
        record Llm(String model, TokenUsage tokens, BigDecimal costUsd) implements Step {
        }

        /** Writes a file under the workspace root (e.g. {@code artifacts/output/plan.md}). */
        record Write(String path, String content) implements Step {
        }

        /** Appends what the agent found under {@code artifacts/input/} to a file, proving inputs arrived. */
        record CopyInput(String inputPath, String outputPath) implements Step {
        }

        /** Ends the run as failed. */
        record Fail(String error) implements Step {
        }

        /** Waits without reaching a yield point (a long model call or tool run). */
        record Sleep(Duration duration) implements Step {
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public AgentRun start(AgentTask task, Workspace workspace, AgentEvents events) {
        List<Step> steps = script.apply(task);
        CompletableFuture<AgentResult> result = new CompletableFuture<>();
        Thread thread = Thread.ofVirtual().name("scripted-" + task.sessionId()).start(() -> {
            try {
                result.complete(play(steps, workspace.root(), events));
            } catch (InterruptedException e) {
                result.complete(AgentResult.failure("stopped", TokenUsage.NONE, BigDecimal.ZERO));
            } catch (IOException | RuntimeException e) {
                result.complete(AgentResult.failure("scripted agent failed: " + e, TokenUsage.NONE, BigDecimal.ZERO));
            }
        });
        return new AgentRun() {
            @Override
            public Optional<AgentResult> await(Duration timeout) throws InterruptedException {
                try {
                    return Optional.of(result.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
                } catch (TimeoutException e) {
                    return Optional.empty();
                } catch (ExecutionException e) {
                    throw new IllegalStateException("scripted run failed", e.getCause());
                }
            }

            @Override
            public void stop(Duration grace) throws InterruptedException {
                thread.interrupt();
                thread.join();
            }

            @Override
            public Set<Long> pids() {
                return Set.of();
            }
        };
    }

    private static AgentResult play(List<Step> steps, Path root, AgentEvents events) throws InterruptedException, IOException {
        TokenUsage tokens = TokenUsage.NONE;
        BigDecimal cost = BigDecimal.ZERO;
        for (Step step : steps) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            switch (step) {
                case Step.Tool t -> {
                    String id = "toolu_" + UUID.randomUUID();
                    events.toolStarted(id, t.tool(), "{}");
                    Thread.sleep(t.duration());
                    events.toolFinished(id, t.tool(), true, null);
                    events.yieldPoint(YieldPoint.AFTER_TOOL_EXECUTION);
                }
                case Step.Llm l -> {
                    tokens = tokens.plus(l.tokens());
                    cost = cost.add(l.costUsd());
                    events.usage(l.model(), l.tokens(), l.costUsd());
                    events.yieldPoint(YieldPoint.AFTER_LLM_CALL);
                }
                case Step.Write w -> {
                    Path file = root.resolve(w.path());
                    Files.createDirectories(file.getParent());
                    Files.writeString(file, w.content(), StandardCharsets.UTF_8);
                }
                case Step.CopyInput c -> {
                    Path in = root.resolve("artifacts/input").resolve(c.inputPath());
                    Path out = root.resolve(c.outputPath());
                    Files.createDirectories(out.getParent());
                    Files.writeString(out, Files.exists(in) ? Files.readString(in) : "MISSING " + c.inputPath());
                }
                case Step.Fail f -> {
                    return AgentResult.failure(f.error(), tokens, cost);
                }
                case Step.Sleep s -> Thread.sleep(s.duration());
            }
        }
        return AgentResult.success(tokens, cost);
    }
}
