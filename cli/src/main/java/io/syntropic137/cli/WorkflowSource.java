package io.syntropic137.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A workflow definition read from a file or a package directory, as the text the server's create and validate
 * routes take. Those routes read one text and cannot open prompt files, so a definition that names
 * {@code prompt_file}s is sent with each prompt file inlined: its front matter becomes phase fields, its body the
 * {@code prompt_template}. The server's problems are then located in that text; {@link #locate} maps them back to
 * the files the user wrote.
 */
final class WorkflowSource {
    static final List<String> DEFINITION_FILES = List.of("workflow.yaml", "workflow.yml", "workflow.json");
    private static final Set<String> NOT_IN_FRONT_MATTER = Set.of("id", "order", "prompt_template", "prompt_file");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final String file;
    private final String body;
    private final String contentType;
    private final FieldLocations inlinedLocations;

    private WorkflowSource(String file, String body, String contentType, FieldLocations inlinedLocations) {
        this.file = file;
        this.body = body;
        this.contentType = contentType;
        this.inlinedLocations = inlinedLocations;
    }

    String body() {
        return body;
    }

    String contentType() {
        return contentType;
    }

    /** Reads {@code path} (a definition file, or a package directory holding one), inlining prompt files. */
    static WorkflowSource read(Path path) {
        Path definition = path;
        if (Files.isDirectory(path)) {
            definition = DEFINITION_FILES.stream().map(path::resolve).filter(Files::isRegularFile).findFirst()
                    .orElseThrow(() -> new SynCli.UserError(path + " is a directory without a workflow definition (one of "
                            + String.join(", ", DEFINITION_FILES) + ")", ExitCodes.FAILED));
        } else if (!Files.isRegularFile(path)) {
            throw new SynCli.UserError(path + " does not exist", ExitCodes.FAILED);
        }
        String text = readUtf8(definition).orElseThrow(() -> new SynCli.UserError("not UTF-8 text", ExitCodes.FAILED));
        boolean json = definition.getFileName().toString().endsWith(".json") || text.stripLeading().startsWith("{");
        String file = definition.toString();
        JsonNode tree;
        JsonFactory factory = json ? ApiClient.JSON.getFactory() : YAML.getFactory();
        try {
            tree = json ? ApiClient.JSON.readTree(text) : YAML.readTree(text);
        } catch (JsonProcessingException e) {
            tree = null; // the server reports the syntax error with its location
        }
        if (!(tree instanceof ObjectNode root) || !usesPromptFiles(root)) {
            return new WorkflowSource(file, text, json ? "application/json" : "application/yaml", null);
        }
        FieldLocations locations = FieldLocations.of(text, factory, file, 1);
        Path shownDir = definition.getParent() == null ? Path.of("") : definition.getParent();
        new Inliner(definition.toAbsolutePath().getParent(), shownDir, locations).inline(root);
        try {
            return new WorkflowSource(file, ApiClient.JSON.writeValueAsString(root), "application/json", locations);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the inlined definition could not be written as JSON", e);
        }
    }

    private static boolean usesPromptFiles(ObjectNode root) {
        for (JsonNode phase : root.path("phases")) {
            if (phase.has("prompt_file")) {
                return true;
            }
        }
        return false;
    }

    /** Where the server's problem is in the user's files. */
    SourceLocation locate(JsonNode problem) {
        if (inlinedLocations == null) {
            return new SourceLocation(file, problem.path("line").asInt(1), problem.path("column").asInt(1));
        }
        return inlinedLocations.find(problem.path("field").asText(""));
    }

    /** One problem as {@code file:line:col: field: message (allowed: …)}, in the user's files. */
    String describe(JsonNode problem) {
        String field = problem.path("field").asText("");
        JsonNode allowed = problem.get("allowed");
        return locate(problem) + ": " + (field.isEmpty() ? "" : field + ": ") + problem.path("message").asText()
                + (allowed == null || allowed.isNull() ? "" : " (allowed: " + allowed.asText() + ")");
    }

    /** Rewrites the problems' file, line and column in place, for --json output that points at the user's files. */
    void relocate(JsonNode problems) {
        for (JsonNode problem : problems) {
            if (problem instanceof ObjectNode p) {
                SourceLocation at = locate(p);
                p.put("file", at.file());
                p.put("line", at.line());
                p.put("column", at.column());
            }
        }
    }

    private static java.util.Optional<String> readUtf8(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            return java.util.Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            return java.util.Optional.empty();
        } catch (IOException e) {
            throw new SynCli.UserError("cannot read " + file + ": " + e.getMessage(), ExitCodes.FAILED);
        }
    }

    /** Inlines each phase's prompt file; problems with the files themselves are reported here, all at once. */
    private record Inliner(Path packageDir, Path shownDir, FieldLocations locations) {
        void inline(ObjectNode root) {
            List<String> problems = new ArrayList<>();
            JsonNode phases = root.path("phases");
            for (int i = 0; i < phases.size(); i++) {
                if (phases.get(i) instanceof ObjectNode phase && phase.get("prompt_file") != null
                        && phase.get("prompt_file").isTextual()) {
                    inlinePhase("phases[" + i + "]", phase, problems);
                }
            }
            if (!problems.isEmpty()) {
                throw new InvalidDefinition(problems);
            }
        }

        private void inlinePhase(String at, ObjectNode phase, List<String> problems) {
            String field = at + ".prompt_file";
            SourceLocation where = locations.find(field);
            String name = phase.get("prompt_file").asText();
            Path relative = Path.of(name);
            if (relative.isAbsolute()) {
                problems.add(where + ": " + field + ": '" + name + "' is absolute (allowed: a path inside the package)");
                return;
            }
            Path file = packageDir.resolve(relative).normalize();
            if (!file.startsWith(packageDir)) {
                problems.add(where + ": " + field + ": '" + name + "' leaves the package directory (allowed: a path inside the package)");
                return;
            }
            if (!Files.isRegularFile(file)) {
                problems.add(where + ": " + field + ": '" + name + "' does not exist in " + packageDir);
                return;
            }
            try {
                if (!file.toRealPath().startsWith(packageDir.toRealPath())) {
                    problems.add(where + ": " + field + ": '" + name + "' is a symbolic link to a file outside the package");
                    return;
                }
            } catch (IOException e) {
                problems.add(where + ": " + field + ": '" + name + "' cannot be read: " + e.getMessage());
                return;
            }
            var text = readUtf8(file);
            if (text.isEmpty()) {
                problems.add(where + ": " + field + ": '" + name + "' is not UTF-8 text");
                return;
            }
            PromptFile prompt = PromptFile.split(text.get());
            String shown = shownDir.resolve(relative).normalize().toString();
            if (prompt.error() != null) {
                problems.add(shown + ":1:1: " + field + ": " + prompt.error());
                return;
            }
            if (prompt.frontMatter() != null) {
                mergeFrontMatter(at, phase, prompt, shown, problems);
            }
            phase.remove("prompt_file");
            phase.put("prompt_template", prompt.body());
            locations.put(at + ".prompt_template", new SourceLocation(shown, prompt.bodyLine(), 1));
        }

        private void mergeFrontMatter(String at, ObjectNode phase, PromptFile prompt, String shown, List<String> problems) {
            JsonNode front;
            try {
                front = YAML.readTree(prompt.frontMatter());
            } catch (JsonProcessingException e) {
                problems.add(shown + ":" + (1 + e.getLocation().getLineNr()) + ":" + e.getLocation().getColumnNr() + ": "
                        + at + ": the front matter is not YAML: " + e.getOriginalMessage());
                return;
            }
            if (front == null || front.isNull() || front.isMissingNode()) {
                return;
            }
            if (!(front instanceof ObjectNode fields)) {
                problems.add(shown + ":2:1: " + at + ": the front matter must be a mapping of phase fields");
                return;
            }
            FieldLocations frontLocations = FieldLocations.of(prompt.frontMatter(), YAML.getFactory(), shown, 2);
            fields.properties().forEach(e -> {
                String key = e.getKey();
                SourceLocation keyAt = frontLocations.findKey(key);
                if (NOT_IN_FRONT_MATTER.contains(key)) {
                    problems.add(keyAt + ": " + at + "." + key + ": may not be set in front matter (allowed: any phase field "
                            + "except id, order, prompt_template, prompt_file)");
                } else if (phase.has(key)) {
                    problems.add(keyAt + ": " + at + "." + key + ": set both in the front matter and in the workflow file at "
                            + locations.find(at + "." + key));
                } else {
                    phase.set(key, e.getValue());
                }
            });
            locations.putAll(at, frontLocations);
        }
    }

    /** A prompt file split into its front matter (null when it has none) and its prompt. */
    record PromptFile(String frontMatter, String body, int bodyLine, String error) {
        static PromptFile split(String text) {
            String[] lines = text.split("\r?\n", -1);
            if (lines.length == 0 || !lines[0].strip().equals("---")) {
                return body(null, lines, 0);
            }
            for (int i = 1; i < lines.length; i++) {
                if (lines[i].strip().equals("---")) {
                    return body(String.join("\n", java.util.Arrays.asList(lines).subList(1, i)), lines, i + 1);
                }
            }
            return new PromptFile(null, null, 1, "the front matter opened on line 1 is never closed with ---");
        }

        private static PromptFile body(String frontMatter, String[] lines, int from) {
            int first = from;
            while (first < lines.length && lines[first].isBlank()) {
                first++;
            }
            String body = String.join("\n", java.util.Arrays.asList(lines).subList(Math.min(first, lines.length), lines.length))
                    .stripTrailing();
            return new PromptFile(frontMatter, body, first + 1, null);
        }
    }

    /** Problems found before the server was asked (in the prompt files themselves). */
    static final class InvalidDefinition extends RuntimeException {
        private final List<String> problems;

        InvalidDefinition(List<String> problems) {
            super(problems.size() + " problem(s) in the workflow package");
            this.problems = List.copyOf(problems);
        }

        List<String> problems() {
            return problems;
        }
    }
}
