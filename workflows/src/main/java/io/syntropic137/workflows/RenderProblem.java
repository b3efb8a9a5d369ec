package io.syntropic137.workflows;

import java.util.List;

/**
 * Why a prompt could not be rendered: placeholders nothing in the {@link RenderContext} answers. A prompt is
 * never sent to an agent with a placeholder left in it.
 *
 * @param unresolved the placeholders without a value, in template order
 * @param available  the names that do have one
 */
public record RenderProblem(List<String> unresolved, List<String> available) {

    public RenderProblem {
        unresolved = List.copyOf(unresolved);
        available = List.copyOf(available);
    }

    public String message() {
        return "no value for placeholder(s) " + unresolved.stream().map(RenderProblem::braced).toList()
                + "; available: $ARGUMENTS, "
                + String.join(", ", available.stream().map(RenderProblem::braced).toList());
    }

    private static String braced(String name) {
        return "{{" + name + "}}";
    }
}
