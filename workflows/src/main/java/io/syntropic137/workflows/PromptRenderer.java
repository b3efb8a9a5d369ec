package io.syntropic137.workflows;

import io.syntropic137.domain.shared.Result;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;

/**
 * Renders a phase's prompt template: {@code $ARGUMENTS} becomes the run's task, {@code {{execution_id}}} and
 * {@code {{workflow_id}}} the run's ids, {@code {{input}}} an input's value and {@code {{phase_id}}} the primary
 * artifact of that earlier phase, cut at a limit so one verbose phase cannot crowd the next prompt out of the
 * model's context (the agent still finds the whole artifact in its workspace). Names are looked up in that
 * order; validation keeps inputs and phase ids from sharing a name.
 *
 * <p>Substitution is a single pass: text that comes in through a value is never scanned for placeholders, so an
 * artifact that happens to contain {@code {{x}}} is passed on as written.
 */
public final class PromptRenderer {

    public static final int DEFAULT_ARTIFACT_LIMIT = 50_000;

    private final int artifactLimit;

    public PromptRenderer() {
        this(DEFAULT_ARTIFACT_LIMIT);
    }

    /** @param artifactLimit how many characters of a phase artifact a prompt takes in, at least 1 */
    public PromptRenderer(int artifactLimit) {
        if (artifactLimit < 1) {
            throw new IllegalArgumentException("artifactLimit must be >= 1, was " + artifactLimit);
        }
        this.artifactLimit = artifactLimit;
    }

    public Result<String, RenderProblem> render(String template, RenderContext context) {
        StringBuilder out = new StringBuilder(template.length());
        Set<String> unresolved = new LinkedHashSet<>();
        Matcher m = Placeholders.ANY.matcher(template);
        while (m.find()) {
            String name = m.group(1) == null ? Placeholders.ARGUMENTS : m.group(1).strip();
            String value = valueOf(name, context);
            if (value == null) {
                unresolved.add(name);
                value = m.group();
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        if (!unresolved.isEmpty()) {
            return Result.err(new RenderProblem(new ArrayList<>(unresolved), available(context)));
        }
        return Result.ok(out.toString());
    }

    private String valueOf(String name, RenderContext context) {
        if (name.equals(Placeholders.ARGUMENTS)) {
            return context.task() == null ? "" : context.task();
        }
        if (name.equals(Placeholders.EXECUTION_ID)) {
            return context.executionId();
        }
        if (name.equals(Placeholders.WORKFLOW_ID)) {
            return context.workflowId();
        }
        String input = context.inputs().get(name);
        if (input != null) {
            return input;
        }
        String artifact = context.phaseArtifacts().get(name);
        return artifact == null ? null : truncated(name, artifact);
    }

    /** The artifact, or its first {@code artifactLimit} characters and a marker saying where the rest is. */
    String truncated(String phaseId, String artifact) {
        if (artifact.length() <= artifactLimit) {
            return artifact;
        }
        int cut = artifactLimit;
        if (Character.isHighSurrogate(artifact.charAt(cut - 1))) {
            cut--; // never split a character made of two chars
        }
        return artifact.substring(0, cut) + "\n…[truncated: " + (artifact.length() - cut)
                + " more characters; full artifact in artifacts/input/" + phaseId + "/]";
    }

    private static List<String> available(RenderContext context) {
        Set<String> names = new TreeSet<>();
        if (context.executionId() != null) {
            names.add(Placeholders.EXECUTION_ID);
        }
        if (context.workflowId() != null) {
            names.add(Placeholders.WORKFLOW_ID);
        }
        names.addAll(context.inputs().keySet());
        names.addAll(context.phaseArtifacts().keySet());
        return List.copyOf(names);
    }
}
