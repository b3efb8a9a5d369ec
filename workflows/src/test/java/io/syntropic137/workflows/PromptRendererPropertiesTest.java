package io.syntropic137.workflows;

import io.syntropic137.domain.shared.Result;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PromptRendererPropertiesTest {

    private static final RenderContext CONTEXT = new RenderContext("task", Map.of("topic", "auth"),
            Map.of("research", "notes"), "exec-1", "wf-1");

    @Property
    void textWithoutPlaceholdersRendersUnchanged(@ForAll("textWithoutPlaceholders") String text) {
        assertThat(new PromptRenderer().render(text, CONTEXT)).isEqualTo(Result.ok(text));
    }

    @Property
    void aKnownPlaceholderAnywhereIsReplacedAndTheRestKept(@ForAll("textWithoutPlaceholders") String before,
                                                          @ForAll("textWithoutPlaceholders") String after) {
        assertThat(new PromptRenderer().render(before + "{{ topic }}" + after, CONTEXT))
                .isEqualTo(Result.ok(before + "auth" + after));
    }

    /** Any text, braces, dollars and "ARGUMENTS" included, that contains neither "{{" nor "$ARGUMENTS". */
    @Provide
    Arbitrary<String> textWithoutPlaceholders() {
        Arbitrary<String> pieces = Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(20),
                Arbitraries.of("{", "}", "}}", "$", "ARGUMENTS", "$ARGUMENT", "{ {", "\n", "…"));
        return pieces.list().ofMaxSize(12).map(list -> String.join("", list))
                .filter(s -> !s.contains("{{") && !s.contains("$ARGUMENTS"));
    }
}
