package io.syntropic137.workflows;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the placeholders of a prompt template: {@code {{ name }}} (whitespace inside the braces allowed) and
 * {@code $ARGUMENTS}. Validation and rendering both use this one definition, so what validates renders.
 */
public final class Placeholders {

    /** Replaced by the run's task; always available. */
    public static final String ARGUMENTS = "$ARGUMENTS";
    public static final String EXECUTION_ID = "execution_id";
    public static final String WORKFLOW_ID = "workflow_id";

    /** Input names and phase ids share this alphabet, so every one of them can be written as a placeholder. */
    static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]{0,63}");

    static final Pattern ANY = Pattern.compile("\\{\\{([^{}]*)}}|\\$ARGUMENTS");

    /**
     * One placeholder in a template.
     *
     * @param name   what is inside the braces, trimmed, or {@code $ARGUMENTS}
     * @param offset where it starts in the template (a char index)
     */
    public record Placeholder(String name, int offset) {

        public boolean isArguments() {
            return ARGUMENTS.equals(name);
        }

        /** False for braces around something no input or phase can be called, e.g. {@code {{ a b }}}. */
        public boolean wellFormed() {
            return isArguments() || NAME.matcher(name).matches();
        }
    }

    public static List<Placeholder> in(String template) {
        List<Placeholder> found = new ArrayList<>();
        Matcher m = ANY.matcher(template);
        while (m.find()) {
            found.add(new Placeholder(m.group(1) == null ? ARGUMENTS : m.group(1).strip(), m.start()));
        }
        return found;
    }

    private Placeholders() {
    }
}
