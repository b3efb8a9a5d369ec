package io.syntropic137.workflows;

import io.syntropic137.domain.orchestration.InputDeclaration;
import io.syntropic137.domain.orchestration.PhaseKind;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The rules that span phases, checked once every phase has been read on its own: unique ids, orders only
 * parallel phases share, inputs not named like phases, and artifacts and placeholders that name earlier phases.
 * Each problem is reported at the place the author has to change.
 */
final class CrossPhaseRules {

    private final List<PhaseDraft> drafts;
    private final List<InputDeclaration> inputs;
    private final Map<String, Fields.Located<String>> inputNames;
    private final List<Problem> problems;

    /** @param inputNames each valid input name → its field path and where it is written */
    CrossPhaseRules(List<PhaseDraft> drafts, List<InputDeclaration> inputs,
                    Map<String, Fields.Located<String>> inputNames, List<Problem> problems) {
        this.drafts = drafts;
        this.inputs = inputs;
        this.inputNames = inputNames;
        this.problems = problems;
    }

    void check() {
        Map<String, PhaseDraft> byId = new LinkedHashMap<>();
        for (PhaseDraft d : drafts) {
            if (d.id() == null) {
                continue;
            }
            PhaseDraft earlier = byId.putIfAbsent(d.id(), d);
            if (earlier != null) {
                problems.add(new Problem(d.idAt(), d.path() + ".id", "phase id '" + d.id() + "' is already used by "
                        + earlier.path() + " at " + earlier.idAt(), "a phase id used once"));
            }
        }
        sharedOrders();
        inputNames.forEach((name, written) -> {
            if (byId.containsKey(name)) {
                problems.add(new Problem(written.location(), written.value(), "input '" + name + "' has the same "
                        + "name as phase " + byId.get(name).path() + ", so {{" + name + "}} would be ambiguous",
                        "input names that are not phase ids"));
            }
        });
        List<String> declared = inputs.stream().map(InputDeclaration::name).toList();
        for (PhaseDraft d : drafts) {
            if (d.order() == null || d.id() == null) {
                continue;
            }
            if (d.inputArtifacts() != null) {
                for (int i = 0; i < d.inputArtifacts().size(); i++) {
                    Fields.Located<String> ref = d.inputArtifacts().get(i);
                    String wrong = notAnEarlierPhase(ref.value(), d, byId);
                    if (wrong != null) {
                        problems.add(new Problem(ref.location(), d.path() + ".input_artifacts[" + i + "]", wrong,
                                earlierPhases(d)));
                    }
                }
            }
            if (d.prompt() != null) {
                placeholders(d, byId, declared);
            }
        }
    }

    private void sharedOrders() {
        Map<Integer, List<PhaseDraft>> byOrder = new LinkedHashMap<>();
        for (PhaseDraft d : drafts) {
            if (d.order() != null && d.id() != null) {
                byOrder.computeIfAbsent(d.order(), o -> new ArrayList<>()).add(d);
            }
        }
        byOrder.forEach((order, group) -> {
            if (group.size() < 2) {
                return;
            }
            for (PhaseDraft d : group) {
                if (d.kind() != PhaseKind.PARALLEL) {
                    problems.add(new Problem(d.orderAt(), d.path() + ".order", "order " + order + " is shared by "
                            + group.stream().map(PhaseDraft::id).toList() + " but '" + d.id() + "' is "
                            + d.kind().name().toLowerCase(Locale.ROOT),
                            "a distinct order, or execution_type: parallel on every phase sharing it"));
                }
            }
        });
    }

    /** Null when {@code name} is a phase that finished before {@code reader} starts; otherwise why not. */
    private static String notAnEarlierPhase(String name, PhaseDraft reader, Map<String, PhaseDraft> byId) {
        PhaseDraft target = byId.get(name);
        if (target == null) {
            return "there is no phase '" + name + "'";
        }
        if (target.order() == null || target.order() >= reader.order()) {
            return "phase '" + name + "' (order " + target.order() + ") does not run before '" + reader.id()
                    + "' (order " + reader.order() + "); only artifacts of earlier phases exist";
        }
        if (target.kind() == PhaseKind.APPROVAL) {
            return "phase '" + name + "' is an approval and writes no artifact";
        }
        return null;
    }

    private void placeholders(PhaseDraft d, Map<String, PhaseDraft> byId, List<String> inputs) {
        for (Placeholders.Placeholder p : Placeholders.in(d.prompt().text())) {
            if (p.isArguments() || DefinitionParser.RESERVED_NAMES.contains(p.name()) || inputs.contains(p.name())) {
                continue;
            }
            List<String> allowed = new ArrayList<>(List.of("$ARGUMENTS"));
            DefinitionParser.RESERVED_NAMES.forEach(n -> allowed.add("{{" + n + "}}"));
            inputs.forEach(n -> allowed.add("{{" + n + "}}"));
            drafts.stream().filter(e -> e.id() != null && e.order() != null && e.order() < d.order()
                    && e.kind() != PhaseKind.APPROVAL).forEach(e -> allowed.add("{{" + e.id() + "}}"));
            String message;
            if (!p.wellFormed()) {
                message = "'{{" + p.name() + "}}' is not a placeholder name";
            } else if (byId.containsKey(p.name())) {
                String why = notAnEarlierPhase(p.name(), d, byId);
                if (why == null) {
                    continue;
                }
                message = "{{" + p.name() + "}}: " + why;
            } else {
                List<String> names = allowed.stream().filter(a -> a.startsWith("{{"))
                        .map(a -> a.substring(2, a.length() - 2)).toList();
                message = "unknown placeholder {{" + p.name() + "}}" + Suggest.closest(p.name(), names)
                        .map(s -> "; did you mean {{" + s + "}}?").orElse("");
            }
            problems.add(new Problem(d.prompt().locate(p.offset()), d.prompt().field(), message,
                    String.join(", ", allowed)));
        }
    }

    private String earlierPhases(PhaseDraft reader) {
        List<String> ids = drafts.stream().filter(e -> e.id() != null && e.order() != null
                && e.order() < reader.order() && e.kind() != PhaseKind.APPROVAL).map(PhaseDraft::id).toList();
        return ids.isEmpty() ? "none: no phase writes artifacts before this one" : String.join(", ", ids);
    }
}
