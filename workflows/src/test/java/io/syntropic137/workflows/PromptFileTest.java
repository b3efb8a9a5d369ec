package io.syntropic137.workflows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.syntropic137.workflows.Definitions.problems;
import static io.syntropic137.workflows.Definitions.single;
import static io.syntropic137.workflows.Definitions.valid;
import static io.syntropic137.workflows.Definitions.where;
import static org.assertj.core.api.Assertions.assertThat;

/** Workflow packages: prompt files, their front matter, and keeping them inside the package. */
class PromptFileTest {

    @TempDir
    Path dir;

    private Path pkg;

    private void write(String relative, String text) throws IOException {
        Path file = pkg.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private void workflow(String phaseLines) throws IOException {
        pkg = pkg == null ? Files.createDirectories(dir.resolve("pkg")) : pkg;
        write("workflow.yaml", """
                id: pkg
                name: Package
                inputs:
                  - name: topic
                phases:
                  - id: research
                """ + phaseLines);
    }

    private List<Problem> loadProblems() {
        return problems(WorkflowLoader.loadPackage(pkg));
    }

    @Test
    void frontMatterSetsPhaseFieldsAndTheBodyIsThePrompt() throws IOException {
        workflow("    prompt_file: prompts/research.md\n    timeout_seconds: 60\n");
        write("prompts/research.md", """
                ---
                model: opus
                allowed_tools: [Read, Grep]
                max_turns: 7
                ---

                Research {{topic}}.
                Then stop.
                """);

        WorkflowPhase phase = valid(WorkflowLoader.loadPackage(pkg)).phases().getFirst();

        assertThat(phase.prompt()).isEqualTo("Research {{topic}}.\nThen stop.");
        assertThat(phase.promptSource()).isEqualTo("prompts/research.md");
        assertThat(phase.model()).isEqualTo("opus");
        assertThat(phase.allowedTools()).containsExactly("Read", "Grep");
        assertThat(phase.maxTurns()).isEqualTo(7);
        assertThat(phase.timeoutSeconds()).isEqualTo(60);
    }

    @Test
    void aPromptFileWithoutFrontMatterIsAllPrompt() throws IOException {
        workflow("    prompt_file: research.md\n");
        write("research.md", "Just the prompt about {{topic}}\n");

        assertThat(valid(WorkflowLoader.loadPackage(pkg)).phases().getFirst().prompt())
                .isEqualTo("Just the prompt about {{topic}}");
    }

    @Test
    void aFieldSetInBothPlacesNamesBothLocations() throws IOException {
        workflow("    prompt_file: p.md\n    model: sonnet\n");
        write("p.md", "---\nmax_turns: 3\nmodel: opus\n---\nhi\n");

        Problem problem = single(loadProblems());

        assertThat(where(List.of(problem))).containsExactly("p.md:3:1 phases[0].model");
        assertThat(problem.message()).isEqualTo("'model' is set both here and in the workflow file at "
                + "workflow.yaml:8:5");
    }

    @Test
    void frontMatterMayNotPlaceThePhaseOrNameUnknownFields() throws IOException {
        workflow("    prompt_file: p.md\n");
        write("p.md", "---\norder: 3\nmodle: opus\nmax_turns: -1\n---\nhi\n");

        List<Problem> problems = loadProblems();

        assertThat(where(problems)).containsExactly(
                "p.md:2:1 phases[0].order",
                "p.md:3:1 phases[0].modle",
                "p.md:4:12 phases[0].max_turns");
        assertThat(problems.get(0).message()).isEqualTo("'order' cannot be set in a prompt file's front matter; "
                + "set it in the workflow file");
        assertThat(problems.get(1).message()).isEqualTo("unknown field 'modle' in front matter; did you mean 'model'?");
        assertThat(problems.get(1).allowed()).doesNotContain("prompt_file").contains("allowed_tools");
    }

    @Test
    void brokenFrontMatterIsLocatedInThePromptFile() throws IOException {
        workflow("    prompt_file: p.md\n");
        write("p.md", "---\nmodel: opus\nallowed_tools: [Read\n---\nhi\n");

        Problem problem = single(loadProblems());

        // line 3 of the file is line 2 of the front matter: the reader shifts the parser's lines past the "---"
        assertThat(problem.location()).isEqualTo(new Location("p.md", 3, 21));
        assertThat(problem.message()).isEqualTo("not valid YAML: while parsing a flow sequence; expected ',' or ']', "
                + "but got <stream end>");
    }

    @Test
    void unclosedFrontMatterIsAProblem() throws IOException {
        workflow("    prompt_file: p.md\n");
        write("p.md", "---\nmodel: opus\nhi\n");

        assertThat(where(loadProblems())).containsExactly("p.md:1:1 ");
    }

    @Test
    void placeholdersInAPromptFileAreLocatedExactly() throws IOException {
        workflow("    prompt_file: p.md\n");
        write("p.md", "---\nmodel: opus\n---\n\nAbout {{topic}}\n  and {{ research }} and {{nothing}}\n");

        List<Problem> problems = loadProblems();

        assertThat(where(problems)).containsExactly(
                "p.md:6:7 phases[0].prompt_file",
                "p.md:6:26 phases[0].prompt_file");
        assertThat(problems.get(1).message()).isEqualTo("unknown placeholder {{nothing}}");
    }

    @Test
    void promptFilesMayNotLeaveThePackage() throws IOException {
        Files.writeString(dir.resolve("outside.md"), "secret");
        workflow("""
                    prompt_file: ../outside.md
                  - id: b
                    prompt_file: /etc/hostname
                  - id: c
                    prompt_file: prompts/../../outside.md
                  - id: d
                    prompt_file: missing.md
                """);

        List<Problem> problems = loadProblems();

        assertThat(where(problems)).containsExactly(
                "workflow.yaml:7:18 phases[0].prompt_file",
                "workflow.yaml:9:18 phases[1].prompt_file",
                "workflow.yaml:11:18 phases[2].prompt_file",
                "workflow.yaml:13:18 phases[3].prompt_file");
        assertThat(problems).extracting(Problem::message).containsExactly(
                "'../outside.md' leaves the workflow package directory",
                "'/etc/hostname' is an absolute path",
                "'prompts/../../outside.md' leaves the workflow package directory",
                "no file 'missing.md' in the workflow package " + pkg.toRealPath());
    }

    @Test
    void aSymbolicLinkOutOfThePackageIsRefusedAndOneWithinIsFollowed() throws IOException {
        Path secret = Files.writeString(dir.resolve("secret.md"), "the secret");
        workflow("""
                    prompt_file: prompts/link.md
                  - id: b
                    prompt_file: prompts/inner-link.md
                """);
        Files.createDirectories(pkg.resolve("prompts"));
        Files.createSymbolicLink(pkg.resolve("prompts/link.md"), secret);
        write("real.md", "inside");
        Files.createSymbolicLink(pkg.resolve("prompts/inner-link.md"), Path.of("../real.md"));

        Problem problem = single(loadProblems());

        assertThat(where(List.of(problem))).containsExactly("workflow.yaml:7:18 phases[0].prompt_file");
        assertThat(problem.message()).isEqualTo("'prompts/link.md' is a symbolic link to " + secret.toRealPath()
                + ", outside the workflow package directory");
    }

    @Test
    void aPromptCannotComeFromBothPlaces() throws IOException {
        workflow("    prompt_template: inline\n    prompt_file: p.md\n");
        write("p.md", "file");

        Problem problem = single(loadProblems());

        assertThat(where(List.of(problem))).containsExactly("workflow.yaml:8:5 phases[0].prompt_file");
        assertThat(problem.message()).isEqualTo("both prompt_template (at workflow.yaml:7:5) and prompt_file are set");
    }

    @Test
    void textFromARequestMayUsePromptFilesOnlyWithABaseDirectory() throws IOException {
        workflow("    prompt_file: p.md\n");
        write("p.md", "from the file");
        String text = Files.readString(pkg.resolve("workflow.yaml"));

        Problem withoutBase = single(problems(WorkflowLoader.parse(text, "request body")));
        WorkflowDefinition withBase = valid(WorkflowLoader.parse(text, "request body", pkg));

        assertThat(where(List.of(withoutBase))).containsExactly("request body:7:18 phases[0].prompt_file");
        assertThat(withoutBase.allowed()).isEqualTo("prompt_template with the prompt text inline");
        assertThat(withBase.phases().getFirst().prompt()).isEqualTo("from the file");
    }

    @Test
    void aPackageHasExactlyOneDefinitionFile() throws IOException {
        pkg = Files.createDirectories(dir.resolve("empty"));
        assertThat(single(loadProblems()).message()).isEqualTo("no workflow definition in the package");

        write("workflow.yaml", "id: a\nname: A\nphases: [{id: a, prompt_template: x}]\n");
        write("workflow.json", "{}");
        assertThat(single(loadProblems()).message())
                .isEqualTo("more than one workflow definition: [workflow.yaml, workflow.json]");
    }

    @Test
    void aJsonPackageIsReadAsJson() throws IOException {
        pkg = Files.createDirectories(dir.resolve("json"));
        write("workflow.json", """
                {"id": "j", "name": "J", "phases": [{"id": "a", "prompt_file": "a.md"}]}
                """);
        write("a.md", "---\nmodel: haiku\n---\nfrom json");

        WorkflowPhase phase = valid(WorkflowLoader.loadPackage(pkg)).phases().getFirst();

        assertThat(phase.model()).isEqualTo("haiku");
        assertThat(phase.prompt()).isEqualTo("from json");
    }
}
