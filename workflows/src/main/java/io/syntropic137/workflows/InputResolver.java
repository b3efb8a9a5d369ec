package io.syntropic137.workflows;

import io.syntropic137.domain.orchestration.InputDeclaration;
import io.syntropic137.domain.shared.Result;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks the inputs a caller gives a run against what the workflow declares, and fills in defaults. Works on
 * the domain's {@link InputDeclaration}s so the engine can check a run against a stored template as well as
 * against a freshly loaded definition.
 */
public final class InputResolver {

    /**
     * Why the given inputs do not fit the declaration; both lists are reported together.
     *
     * @param missing  required inputs without a default that were not given
     * @param unknown  given names the workflow does not declare
     * @param declared every declared name, for the message
     */
    public record InvalidInputs(List<String> missing, List<String> unknown, List<String> declared) {

        public InvalidInputs {
            missing = List.copyOf(missing);
            unknown = List.copyOf(unknown);
            declared = List.copyOf(declared);
        }

        public String message() {
            List<String> parts = new ArrayList<>();
            if (!missing.isEmpty()) {
                parts.add("missing required input(s) " + missing);
            }
            if (!unknown.isEmpty()) {
                parts.add("unknown input(s) " + unknown + "; the workflow declares "
                        + (declared.isEmpty() ? "no inputs" : declared));
            }
            return String.join("; ", parts);
        }
    }

    public static Result<Map<String, String>, InvalidInputs> resolve(WorkflowDefinition definition,
                                                                     Map<String, String> given) {
        return resolve(definition.inputs(), given);
    }

    /** @return every declared input with its value (given, else its default, else empty for an optional one),
     *         in declaration order */
    public static Result<Map<String, String>, InvalidInputs> resolve(List<InputDeclaration> declared,
                                                                     Map<String, String> given) {
        Map<String, String> provided = given == null ? Map.of() : given;
        List<String> names = declared.stream().map(InputDeclaration::name).toList();
        List<String> unknown = provided.keySet().stream().filter(n -> !names.contains(n)).sorted().toList();
        List<String> missing = new ArrayList<>();
        Map<String, String> resolved = new LinkedHashMap<>();
        for (InputDeclaration input : declared) {
            String value = provided.get(input.name());
            if (value == null) {
                value = input.defaultValue();
            }
            if (value != null) {
                resolved.put(input.name(), value);
            } else if (input.required()) {
                missing.add(input.name());
            } else {
                resolved.put(input.name(), ""); // an optional input left out still renders, as nothing
            }
        }
        if (!missing.isEmpty() || !unknown.isEmpty()) {
            return Result.err(new InvalidInputs(missing, unknown, names));
        }
        return Result.ok(resolved);
    }

    private InputResolver() {
    }
}
