package io.syntropic137.workflows;

import io.syntropic137.domain.orchestration.InputDeclaration;
import io.syntropic137.domain.orchestration.PhaseKind;
import io.syntropic137.domain.orchestration.TemplateEvent;
import io.syntropic137.domain.orchestration.WorkflowTemplate;
import io.syntropic137.domain.shared.Rejection;
import io.syntropic137.domain.shared.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** The example packages in {@code examples/workflows/} are valid, render, become templates, and the demo runs. */
class ExamplesTest {

    /** Surefire runs in the module directory; the examples live at the repository root. */
    private static final Path EXAMPLES = Path.of("..", "examples", "workflows");

    static Stream<Path> examplePackages() throws IOException {
        try (Stream<Path> dirs = Files.list(EXAMPLES)) {
            return dirs.filter(Files::isDirectory).sorted().toList().stream();
        }
    }

    @Test
    void theThreeExamplesAreThere() throws IOException {
        assertThat(examplePackages().map(p -> p.getFileName().toString()))
                .contains("offline-demo", "research-plan-implement-review", "self-heal-ci");
    }

    @ParameterizedTest
    @MethodSource("examplePackages")
    void everyExampleIsValidRendersAndBecomesATemplate(Path example) {
        WorkflowDefinition definition = Definitions.valid(WorkflowLoader.loadPackage(example));

        Map<String, String> inputs = resolvedSampleInputs(definition);
        Map<String, String> artifacts = new HashMap<>();
        for (WorkflowPhase phase : definition.phases()) {
            RenderContext context = new RenderContext("the task", inputs, artifacts, "exec-1", definition.id());
            Result<String, RenderProblem> rendered = new PromptRenderer().render(phase.prompt(), context);
            assertThat(rendered.isOk()).as("phase %s renders: %s", phase.id(), rendered).isTrue();
            if (phase.executionType() != PhaseKind.APPROVAL) {
                artifacts.put(phase.id(), "artifact of " + phase.id());
            }
        }
        Result<List<TemplateEvent>, Rejection> decision = WorkflowTemplate.NONE.decide(
                TemplateMapping.toCreateCommand(definition, null, Instant.parse("2026-11-24T00:00:00Z")));
        assertThat(decision.isOk()).as("accepted by the template aggregate: %s", decision).isTrue();
    }

    /** Runs the offline demo the way the command runtime will: prompt on stdin, workspace as working directory. */
    @Test
    void theOfflineDemoRunsWithPlainSh(@TempDir Path workspace) throws Exception {
        WorkflowDefinition demo = Definitions.valid(WorkflowLoader.loadPackage(EXAMPLES.resolve("offline-demo")));
        WorkflowPhase notes = demo.phase("notes").orElseThrow();
        WorkflowPhase report = demo.phase("report").orElseThrow();
        Map<String, String> inputs = resolvedSampleInputs(demo);
        PromptRenderer renderer = new PromptRenderer();

        String notesPrompt = renderedOrFail(renderer.render(notes.prompt(),
                new RenderContext("count the words", inputs, Map.of(), "exec-7", demo.id())));
        run(notes.command(), notesPrompt, workspace);
        Path notesFile = workspace.resolve("artifacts/output/notes.md");
        String notesText = Files.readString(notesFile);
        assertThat(notesText).contains("Task: count the words").contains("Execution: exec-7 of workflow offline-demo");

        // the engine hands phase 1's outputs to phase 2 under artifacts/input/<phase id>/
        Path handedOver = workspace.resolve("artifacts/input/notes/notes.md");
        Files.createDirectories(handedOver.getParent());
        Files.move(notesFile, handedOver);
        String reportPrompt = renderedOrFail(renderer.render(report.prompt(),
                new RenderContext("count the words", inputs, Map.of("notes", notesText), "exec-7", demo.id())));
        run(report.command(), reportPrompt, workspace);

        String reportText = Files.readString(workspace.resolve("artifacts/output/report.md"));
        assertThat(reportText).startsWith("# Report").contains("Task: count the words")
                .containsPattern("Words in the notes: *\\d+");
    }

    private static Map<String, String> resolvedSampleInputs(WorkflowDefinition definition) {
        Map<String, String> given = new HashMap<>();
        for (InputDeclaration input : definition.inputs()) {
            if (input.required() && input.defaultValue() == null) {
                given.put(input.name(), "sample " + input.name());
            }
        }
        return switch (InputResolver.resolve(definition, given)) {
            case Result.Ok<Map<String, String>, InputResolver.InvalidInputs> ok -> ok.value();
            case Result.Err<Map<String, String>, InputResolver.InvalidInputs> err -> fail(err.error().message());
        };
    }

    private static String renderedOrFail(Result<String, RenderProblem> result) {
        return switch (result) {
            case Result.Ok<String, RenderProblem> ok -> ok.value();
            case Result.Err<String, RenderProblem> err -> fail(err.error().message());
        };
    }

    private static void run(List<String> argv, String stdin, Path workingDirectory) throws Exception {
        Process process = new ProcessBuilder(argv).directory(workingDirectory.toFile())
                .redirectErrorStream(true).start();
        try (var in = process.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("%s finishes", argv).isTrue();
        assertThat(process.exitValue()).as("%s exits 0; output: %s", argv, output).isZero();
    }
}
