package io.syntropic137.workflows;

import io.syntropic137.domain.shared.Result;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

class PromptRendererTest {

    private static final RenderContext CONTEXT = new RenderContext("fix the login bug", Map.of("topic", "auth"),
            Map.of("research", "the research notes"), "exec-1", "wf-1");

    private static String rendered(Result<String, RenderProblem> result) {
        return switch (result) {
            case Result.Ok<String, RenderProblem> ok -> ok.value();
            case Result.Err<String, RenderProblem> err -> fail(err.error().message());
        };
    }

    private static RenderProblem problem(Result<String, RenderProblem> result) {
        return switch (result) {
            case Result.Ok<String, RenderProblem> ok -> fail("expected a problem, got " + ok.value());
            case Result.Err<String, RenderProblem> err -> err.error();
        };
    }

    @Test
    void everyKindOfPlaceholderIsReplaced() {
        String out = rendered(new PromptRenderer().render(
                "Task: $ARGUMENTS\nTopic: {{topic}} / {{ topic }}\nNotes: {{research}}\nRun {{execution_id}} of "
                        + "{{workflow_id}}", CONTEXT));

        assertThat(out).isEqualTo("Task: fix the login bug\nTopic: auth / auth\nNotes: the research notes\n"
                + "Run exec-1 of wf-1");
    }

    @Test
    void aRunWithoutATaskRendersArgumentsAsNothing() {
        RenderContext noTask = new RenderContext(null, Map.of(), Map.of(), "e", "w");

        assertThat(rendered(new PromptRenderer().render("[$ARGUMENTS]", noTask))).isEqualTo("[]");
    }

    @Test
    void unknownPlaceholdersAreAnErrorNamingThemAndWhatIsAvailable() {
        RenderProblem problem = problem(new PromptRenderer().render("{{plan}} {{topic}} {{ plan }} {{other}}",
                CONTEXT));

        assertThat(problem.unresolved()).containsExactly("plan", "other");
        assertThat(problem.available()).containsExactly("execution_id", "research", "topic", "workflow_id");
        assertThat(problem.message()).isEqualTo("no value for placeholder(s) [{{plan}}, {{other}}]; available: "
                + "$ARGUMENTS, {{execution_id}}, {{research}}, {{topic}}, {{workflow_id}}");
    }

    @Test
    void substitutedTextIsNotScannedAgain() {
        RenderContext context = new RenderContext("use {{topic}} and $ARGUMENTS literally", Map.of("topic", "auth"),
                Map.of("research", "found {{workflow_id}} in a file"), "e", "w");

        assertThat(rendered(new PromptRenderer().render("$ARGUMENTS | {{research}}", context)))
                .isEqualTo("use {{topic}} and $ARGUMENTS literally | found {{workflow_id}} in a file");
    }

    @Test
    void replacementTextWithDollarsAndBackslashesIsTakenLiterally() {
        RenderContext context = new RenderContext("cost $5 \\o/ $1", Map.of(), Map.of(), "e", "w");

        assertThat(rendered(new PromptRenderer().render("$ARGUMENTS", context))).isEqualTo("cost $5 \\o/ $1");
    }

    @Test
    void longArtifactsAreCutAtTheLimitWithAMarkerSayingWhereTheRestIs() {
        RenderContext context = new RenderContext("t", Map.of(), Map.of("research", "abcdefghij"), "e", "w");

        String out = rendered(new PromptRenderer(4).render("<{{research}}>", context));

        assertThat(out).isEqualTo("<abcd\n…[truncated: 6 more characters; full artifact in "
                + "artifacts/input/research/]>");
    }

    @Test
    void anArtifactExactlyAtTheLimitIsNotCut() {
        RenderContext context = new RenderContext("t", Map.of(), Map.of("research", "abcd"), "e", "w");

        assertThat(rendered(new PromptRenderer(4).render("{{research}}", context))).isEqualTo("abcd");
    }

    @Test
    void theDefaultLimitIsFiftyThousandCharacters() {
        String big = "x".repeat(50_001);
        RenderContext context = new RenderContext("t", Map.of(), Map.of("research", big), "e", "w");

        String out = rendered(new PromptRenderer().render("{{research}}", context));

        assertThat(out).startsWith("x".repeat(50_000) + "\n…[truncated: 1 more characters;");
    }

    @Test
    void truncationNeverSplitsACharacterOfTwoChars() {
        String emoji = "\uD83D\uDE00"; // one character, two chars
        RenderContext context = new RenderContext("t", Map.of(), Map.of("p", "ab" + emoji + "cd"), "e", "w");

        String out = rendered(new PromptRenderer(3).render("{{p}}", context));

        assertThat(out).startsWith("ab\n…[truncated: 4 more characters;");
    }

    @Test
    void inputsAreNotTruncated() {
        String long_ = "y".repeat(20);
        RenderContext context = new RenderContext("t", Map.of("log", long_), Map.of(), "e", "w");

        assertThat(rendered(new PromptRenderer(5).render("{{log}}", context))).isEqualTo(long_);
    }

    @Test
    void aLimitBelowOneIsRefused() {
        assertThatThrownBy(() -> new PromptRenderer(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void placeholdersAreFoundWithTheirOffsets() {
        assertThat(Placeholders.in("a {{ x }} $ARGUMENTS {{y-z}} {{}}")).containsExactly(
                new Placeholders.Placeholder("x", 2), new Placeholders.Placeholder("$ARGUMENTS", 10),
                new Placeholders.Placeholder("y-z", 21), new Placeholders.Placeholder("", 29));
        assertThat(Placeholders.in("a {{ x }}").getFirst().wellFormed()).isTrue();
        assertThat(Placeholders.in("{{}}").getFirst().wellFormed()).isFalse();
        assertThat(Placeholders.in("{ {x} } {x}} {{x}")).isEmpty();
    }
}
