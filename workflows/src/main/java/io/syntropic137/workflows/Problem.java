package io.syntropic137.workflows;

/**
 * One thing wrong with a workflow definition, located precisely enough for an editor to jump to it.
 *
 * @param field   the path of the offending field, e.g. {@code phases[2].prompt_file}; empty for the whole document
 * @param message what is wrong
 * @param allowed what would be accepted instead, or null when there is nothing useful to list
 */
public record Problem(Location location, String field, String message, String allowed) {

    /** One line: {@code workflow.yaml:12:5: phases[2].model: ... (allowed: ...)}. */
    public String describe() {
        return location + ": " + (field.isEmpty() ? "" : field + ": ") + message
                + (allowed == null ? "" : " (allowed: " + allowed + ")");
    }
}
