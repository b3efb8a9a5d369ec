package io.syntropic137.workflows;

import io.syntropic137.domain.shared.Result;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Loads workflow definitions: from a <em>package</em> (a directory holding {@code workflow.yaml},
 * {@code workflow.yml} or {@code workflow.json} and the prompt files it names) or from text (an HTTP request
 * body), where {@code prompt_file} works only if the caller names a directory to read prompt files from.
 * Every result is fully validated; problems come back as an {@link InvalidWorkflow} value, never thrown.
 */
public final class WorkflowLoader {

    public static final List<String> DEFINITION_FILES = List.of("workflow.yaml", "workflow.yml", "workflow.json");

    public static Result<WorkflowDefinition, InvalidWorkflow> loadPackage(Path directory) {
        Location here = new Location(directory.toString(), 1, 1);
        if (!Files.isDirectory(directory)) {
            return refuse(new Problem(here, "", "not a directory", "a workflow package directory"));
        }
        List<Path> found = DEFINITION_FILES.stream().map(directory::resolve).filter(Files::isRegularFile).toList();
        if (found.size() != 1) {
            return refuse(new Problem(here, "", found.isEmpty() ? "no workflow definition in the package"
                    : "more than one workflow definition: " + found.stream().map(Path::getFileName).toList(),
                    "exactly one of " + String.join(", ", DEFINITION_FILES)));
        }
        Path file = found.getFirst();
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            return parse(text, file.getFileName().toString(), directory, file.toString().endsWith(".json"));
        } catch (IOException e) {
            return refuse(new Problem(new Location(file.getFileName().toString(), 1, 1), "",
                    "cannot read the workflow definition: " + e, null));
        }
    }

    /**
     * A definition sent as text; {@code prompt_file} is refused, since there is no package to read it from.
     * JSON is recognised by its opening brace, anything else is read as YAML.
     *
     * @param sourceName how locations name the text, e.g. {@code request body}
     */
    public static Result<WorkflowDefinition, InvalidWorkflow> parse(String text, String sourceName) {
        return parse(text, sourceName, null, NodeReader.looksLikeJson(text));
    }

    /** A definition sent as text whose {@code prompt_file}s are read from {@code baseDirectory}. */
    public static Result<WorkflowDefinition, InvalidWorkflow> parse(String text, String sourceName,
                                                                    Path baseDirectory) {
        return parse(text, sourceName, baseDirectory, NodeReader.looksLikeJson(text));
    }

    private static Result<WorkflowDefinition, InvalidWorkflow> parse(String text, String sourceName,
                                                                     Path baseDirectory, boolean json) {
        Path root = null;
        if (baseDirectory != null) {
            try {
                root = baseDirectory.toRealPath();
            } catch (IOException e) {
                return refuse(new Problem(new Location(baseDirectory.toString(), 1, 1), "",
                        "the prompt directory cannot be opened: " + e, "an existing directory"));
            }
        }
        NodeReader.Read read = NodeReader.read(text, sourceName, 0, json);
        return DefinitionParser.parse(read, new PromptFiles(root));
    }

    private static Result<WorkflowDefinition, InvalidWorkflow> refuse(Problem problem) {
        return Result.err(new InvalidWorkflow(List.of(problem)));
    }

    private WorkflowLoader() {
    }
}
