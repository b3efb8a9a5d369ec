package io.syntropic137.workflows;

import io.syntropic137.domain.orchestration.BudgetAction;
import io.syntropic137.domain.orchestration.InputDeclaration;
import io.syntropic137.domain.orchestration.PhaseKind;
import io.syntropic137.domain.orchestration.PhaseRetryPolicy;
import io.syntropic137.domain.orchestration.TemplateType;
import io.syntropic137.domain.shared.Result;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns a located tree into a {@link WorkflowDefinition}, collecting every problem: first each field on its own
 * (types, required fields, enum values, ranges, prompt files and their front matter), then the rules that span
 * phases (unique ids, shared orders, artifacts and placeholders that must name earlier phases).
 */
final class DefinitionParser {

    static final String DEFAULT_MODEL = "sonnet";
    static final int DEFAULT_TIMEOUT_SECONDS = 1800;
    static final String COMMAND_AGENT = "command";

    static final List<String> WORKFLOW_FIELDS = List.of("id", "name", "description", "type", "classification",
            "repository", "inputs", "max_cost_usd", "on_budget_exceeded", "phases");
    static final List<String> PHASE_FIELDS = List.of("id", "name", "order", "execution_type", "prompt_template",
            "prompt_file", "model", "timeout_seconds", "allowed_tools", "max_turns", "max_cost_usd", "retries",
            "input_artifacts", "output_artifacts", "agent", "command");
    /** A prompt file may set everything about its phase except what places the phase or points at the file. */
    static final List<String> FRONT_MATTER_FIELDS = PHASE_FIELDS.stream()
            .filter(f -> !List.of("id", "order", "prompt_template", "prompt_file").contains(f)).toList();
    static final List<String> INPUT_FIELDS = List.of("name", "description", "required", "default");
    static final List<String> REPOSITORY_FIELDS = List.of("url", "ref");
    static final List<String> RETRY_FIELDS = List.of("max_attempts", "backoff");
    static final List<String> BACKOFF_FIELDS = List.of("initial", "multiplier", "max");

    static final List<String> TYPES = Arrays.stream(TemplateType.values())
            .map(t -> t.name().toLowerCase(Locale.ROOT)).toList();
    static final List<String> EXECUTION_TYPES = Arrays.stream(PhaseKind.values())
            .map(k -> k.name().toLowerCase(Locale.ROOT)).toList();
    static final List<String> BUDGET_ACTIONS = Arrays.stream(BudgetAction.values())
            .map(a -> a.name().toLowerCase(Locale.ROOT)).toList();
    static final List<String> RESERVED_NAMES = List.of(Placeholders.EXECUTION_ID, Placeholders.WORKFLOW_ID);

    /** The domain's id alphabet (template ids become stream ids). */
    private static final Pattern WORKFLOW_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@/+=\\-]{0,149}");
    private static final String WORKFLOW_ID_RULE =
            "1-150 characters: a letter or digit, then letters, digits or . _ : @ / + = -";
    private static final String NAME_RULE = "1-64 characters: a letter or _, then letters, digits, _ or -";

    private final List<Problem> problems = new ArrayList<>();
    private final PromptFiles promptFiles;
    /** Where each valid input name is written, for problems found later against the phases. */
    private final Map<String, Fields.Located<String>> inputNames = new LinkedHashMap<>();

    private DefinitionParser(PromptFiles promptFiles) {
        this.promptFiles = promptFiles;
    }

    static Result<WorkflowDefinition, InvalidWorkflow> parse(NodeReader.Read read, PromptFiles promptFiles) {
        DefinitionParser parser = new DefinitionParser(promptFiles);
        parser.problems.addAll(read.problems());
        WorkflowDefinition definition = read.root() == null ? null : parser.workflow(read.root());
        if (!parser.problems.isEmpty() || definition == null) {
            return Result.err(new InvalidWorkflow(inDocumentOrder(parser.problems)));
        }
        return Result.ok(definition);
    }

    /** Rules across phases are checked last but reported where they are written: file by file, top to bottom. */
    private static List<Problem> inDocumentOrder(List<Problem> problems) {
        List<String> files = problems.stream().map(p -> p.location().file()).distinct().toList();
        return problems.stream().sorted(Comparator
                .comparingInt((Problem p) -> files.indexOf(p.location().file()))
                .thenComparingInt(p -> p.location().line())
                .thenComparingInt(p -> p.location().column())).toList();
    }

    private WorkflowDefinition workflow(Node root) {
        if (!(root instanceof Node.MapNode map)) {
            problems.add(new Problem(root.location(), "", "a workflow definition must be a mapping, got "
                    + root.kindName(), "a mapping with " + String.join(", ", WORKFLOW_FIELDS)));
            return null;
        }
        Fields f = new Fields(map, "", problems);
        f.rejectUnknown(WORKFLOW_FIELDS);
        String id = f.name("id", WORKFLOW_ID, WORKFLOW_ID_RULE, true);
        String name = f.requiredString("name", "a non-blank display name");
        String description = f.string("description");
        String type = f.choice("type", TYPES);
        String classification = f.string("classification");
        WorkflowDefinition.Repository repository = repository(f.mapping("repository"));
        List<InputDeclaration> inputs = inputs(f);
        BigDecimal maxCost = f.positiveDecimal("max_cost_usd");
        String budgetAction = f.choice("on_budget_exceeded", BUDGET_ACTIONS);
        List<PhaseDraft> drafts = phases(f);
        if (drafts != null) {
            new CrossPhaseRules(drafts, inputs, inputNames, problems).check();
        }
        if (!problems.isEmpty() || drafts == null) {
            return null;
        }
        return new WorkflowDefinition(id, name, description,
                type == null ? TemplateType.CUSTOM : TemplateType.valueOf(type.toUpperCase(Locale.ROOT)),
                classification, repository, inputs, maxCost,
                budgetAction == null ? BudgetAction.PAUSE : BudgetAction.valueOf(budgetAction.toUpperCase(Locale.ROOT)),
                drafts.stream().map(PhaseDraft::phase).toList());
    }

    private WorkflowDefinition.Repository repository(Fields f) {
        if (f == null) {
            return null;
        }
        f.rejectUnknown(REPOSITORY_FIELDS);
        String url = f.requiredString("url", "the repository's clone URL");
        return url == null ? null : new WorkflowDefinition.Repository(url, f.string("ref"));
    }

    private List<InputDeclaration> inputs(Fields workflow) {
        Node.ListNode list = workflow.list("inputs", "a list of inputs, each with name, description, required, "
                + "default");
        if (list == null) {
            return List.of();
        }
        List<InputDeclaration> inputs = new ArrayList<>();
        Map<String, Location> seen = new LinkedHashMap<>();
        for (int i = 0; i < list.items().size(); i++) {
            Node item = list.items().get(i);
            String path = "inputs[" + i + "]";
            if (!(item instanceof Node.MapNode map)) {
                problems.add(new Problem(item.location(), path, "expected a mapping, got " + item.kindName(),
                        "a mapping with " + String.join(", ", INPUT_FIELDS)));
                continue;
            }
            Fields f = new Fields(map, path, problems);
            f.rejectUnknown(INPUT_FIELDS);
            String name = f.name("name", Placeholders.NAME, NAME_RULE, true);
            String description = f.string("description");
            Boolean required = f.bool("required");
            String defaultValue = f.string("default");
            if (name == null) {
                continue;
            }
            if (RESERVED_NAMES.contains(name)) {
                f.problem(f.valueLocation("name"), "name", "'" + name + "' is reserved for the run's "
                        + name.replace('_', ' '), "a name other than " + String.join(", ", RESERVED_NAMES));
                continue;
            }
            Location earlier = seen.putIfAbsent(name, f.valueLocation("name"));
            if (earlier != null) {
                f.problem(f.valueLocation("name"), "name", "input '" + name + "' is declared twice; the first is at "
                        + earlier, "each input name once");
                continue;
            }
            inputNames.put(name, new Fields.Located<>(f.path("name"), f.valueLocation("name")));
            inputs.add(new InputDeclaration(name, description, Boolean.TRUE.equals(required), defaultValue));
        }
        return inputs;
    }

    private List<PhaseDraft> phases(Fields workflow) {
        if (!workflow.has("phases")) {
            workflow.missing("phases", "a list of at least one phase");
            return null;
        }
        Node.ListNode list = workflow.list("phases", "a list of phases");
        if (list == null) {
            return null;
        }
        if (list.items().isEmpty()) {
            problems.add(new Problem(list.location(), "phases", "a workflow needs at least one phase",
                    "a list of at least one phase"));
            return null;
        }
        List<PhaseDraft> drafts = new ArrayList<>();
        for (int i = 0; i < list.items().size(); i++) {
            Node item = list.items().get(i);
            if (item instanceof Node.MapNode map) {
                drafts.add(phase(i, map));
            } else {
                problems.add(new Problem(item.location(), "phases[" + i + "]", "expected a mapping, got "
                        + item.kindName(), "a mapping with " + String.join(", ", PHASE_FIELDS)));
            }
        }
        return drafts;
    }

    private PhaseDraft phase(int index, Node.MapNode written) {
        String path = "phases[" + index + "]";
        new Fields(written, path, problems).rejectUnknown(PHASE_FIELDS);
        PhaseSource source = promptSource(path, written);
        Fields f = new Fields(source.merged(), path, problems);

        String id = f.name("id", Placeholders.NAME, NAME_RULE, true);
        String name = f.string("name");
        Integer order = f.has("order") ? f.integer("order", 0) : Integer.valueOf(index + 1);
        String kindName = f.choice("execution_type", EXECUTION_TYPES);
        PhaseKind kind = kindName == null ? PhaseKind.SEQUENTIAL : PhaseKind.valueOf(kindName.toUpperCase(Locale.ROOT));
        if (kind != PhaseKind.APPROVAL && source.text() == null && !source.failed()) {
            f.problem(written.location(), "prompt_template", "a " + kind.name().toLowerCase(Locale.ROOT)
                    + " phase needs a prompt", "prompt_template (inline text) or prompt_file (a Markdown file)");
        }
        String model = f.string("model");
        Integer timeout = f.integer("timeout_seconds", 1);
        List<String> allowedTools = f.strings("allowed_tools");
        Integer maxTurns = f.integer("max_turns", 1);
        BigDecimal maxCost = f.positiveDecimal("max_cost_usd");
        PhaseRetryPolicy retries = retries(f.mapping("retries"));
        List<Fields.Located<String>> inputArtifacts = f.locatedStrings("input_artifacts");
        List<String> outputArtifacts = outputArtifacts(f);
        String agent = f.string("agent");
        List<String> command = command(f, agent);
        if (agent == null && !command.isEmpty()) {
            agent = COMMAND_AGENT; // naming a command says which runtime runs it
        }

        WorkflowPhase phase = id == null ? null : new WorkflowPhase(id, name == null ? id : name,
                order == null ? 0 : order, kind, source.text() == null ? "" : source.text().text(),
                source.file() == null ? "inline" : source.file(),
                model != null ? model : kind == PhaseKind.APPROVAL ? null : DEFAULT_MODEL,
                timeout == null ? DEFAULT_TIMEOUT_SECONDS : timeout, allowedTools, maxTurns, maxCost,
                retries == null ? PhaseRetryPolicy.NONE : retries,
                inputArtifacts == null ? List.of() : inputArtifacts.stream().map(Fields.Located::value).toList(),
                outputArtifacts, agent, command);
        return new PhaseDraft(index, id, f.valueLocation("id"), order, f.has("order") ? f.valueLocation("order")
                : written.location(), kind, source.text(), inputArtifacts, phase);
    }

    /**
     * The phase's prompt and the fields it ends up with: those written in the workflow file plus those of the
     * prompt file's front matter (which may not repeat one).
     *
     * @param failed a prompt was given but could not be read (already reported)
     */
    private record PhaseSource(Node.MapNode merged, PhaseDraft.PromptText text, String file, boolean failed) {
    }

    private PhaseSource promptSource(String path, Node.MapNode written) {
        Fields f = new Fields(written, path, problems);
        String template = f.string("prompt_template");
        String fileName = f.string("prompt_file");
        boolean templateWritten = f.has("prompt_template");
        boolean fileWritten = f.has("prompt_file");
        if (templateWritten && fileWritten) {
            f.problem(f.keyLocation("prompt_file"), "prompt_file", "both prompt_template (at "
                    + f.keyLocation("prompt_template") + ") and prompt_file are set", "one of them");
            return new PhaseSource(written, null, null, true);
        }
        if (templateWritten) {
            if (template == null) {
                return new PhaseSource(written, null, null, true);
            }
            var text = new PhaseDraft.PromptText(template, f.path("prompt_template"),
                    f.valueLocation("prompt_template"), false);
            return new PhaseSource(written, text, null, false);
        }
        if (!fileWritten) {
            return new PhaseSource(written, null, null, false);
        }
        if (fileName == null || fileName.isBlank()) {
            if (fileName != null) {
                f.problem(f.valueLocation("prompt_file"), "prompt_file", "must not be blank",
                        "a path relative to the workflow package directory");
            }
            return new PhaseSource(written, null, null, true);
        }
        PromptFiles.PromptFile file = promptFiles.read(fileName, f.valueLocation("prompt_file"),
                f.path("prompt_file"), problems);
        if (file == null) {
            return new PhaseSource(written, null, null, true);
        }
        PhaseDraft.PromptText text = new PhaseDraft.PromptText(file.body(), f.path("prompt_file"),
                new Location(file.file(), file.bodyLine(), 1), true);
        return new PhaseSource(mergeFrontMatter(path, written, file), text, file.file(), false);
    }

    private Node.MapNode mergeFrontMatter(String path, Node.MapNode written, PromptFiles.PromptFile file) {
        if (file.frontMatter() == null) {
            return written;
        }
        Map<String, Node.Entry> merged = new LinkedHashMap<>(written.entries());
        Fields front = new Fields(file.frontMatter(), path, problems);
        file.frontMatter().entries().forEach((key, entry) -> {
            if (!FRONT_MATTER_FIELDS.contains(key)) {
                String why = PHASE_FIELDS.contains(key)
                        ? "'" + key + "' cannot be set in a prompt file's front matter; set it in the workflow file"
                        : "unknown field '" + key + "' in front matter" + Suggest.closest(key, FRONT_MATTER_FIELDS)
                                .map(s -> "; did you mean '" + s + "'?").orElse("");
                front.problem(entry.keyLocation(), key, why, String.join(", ", FRONT_MATTER_FIELDS));
            } else if (written.entries().containsKey(key)) {
                front.problem(entry.keyLocation(), key, "'" + key + "' is set both here and in the workflow file at "
                        + written.entries().get(key).keyLocation(), "one of the two places");
            } else {
                merged.put(key, entry);
            }
        });
        return new Node.MapNode(written.location(), merged);
    }

    private PhaseRetryPolicy retries(Fields f) {
        if (f == null) {
            return null;
        }
        f.rejectUnknown(RETRY_FIELDS);
        if (!f.has("max_attempts")) {
            f.missing("max_attempts", "an integer >= 1: attempts in total, the first included");
        }
        Integer attempts = f.integer("max_attempts", 1);
        Node backoff = f.value("backoff");
        long initial = 0;
        double multiplier = 1.0;
        long max = 0;
        if (backoff instanceof Node.MapNode) {
            Fields b = f.mapping("backoff");
            b.rejectUnknown(BACKOFF_FIELDS);
            if (!b.has("initial")) {
                b.missing("initial", "a duration like 5s");
            }
            Duration initialWait = b.duration("initial");
            Duration maxWait = b.duration("max");
            BigDecimal factor = multiplier(b);
            if (initialWait == null || (b.has("max") && maxWait == null) || (b.has("multiplier") && factor == null)) {
                return null;
            }
            initial = initialWait.toMillis();
            multiplier = factor == null ? 2.0 : factor.doubleValue();
            max = maxWait == null ? 0 : maxWait.toMillis();
            if (maxWait != null && max < initial) {
                b.problem(b.valueLocation("max"), "max", "the longest wait (" + maxWait + ") is shorter than the "
                        + "first (" + initialWait + ")", "a duration >= initial");
                return null;
            }
        } else if (backoff != null) {
            Duration constant = f.duration("backoff"); // shorthand: the same wait before every retry
            if (constant == null) {
                return null;
            }
            initial = constant.toMillis();
            max = initial;
        }
        return attempts == null ? null : new PhaseRetryPolicy(attempts, initial, multiplier, max);
    }

    private static BigDecimal multiplier(Fields backoff) {
        BigDecimal factor = backoff.positiveDecimal("multiplier");
        if (factor != null && factor.compareTo(BigDecimal.ONE) < 0) {
            backoff.problem(backoff.valueLocation("multiplier"), "multiplier", "must be >= 1, was "
                    + factor.toPlainString() + " (waits never shrink)", "a number >= 1");
            return null;
        }
        return factor;
    }

    private List<String> outputArtifacts(Fields f) {
        List<Fields.Located<String>> written = f.locatedStrings("output_artifacts");
        if (written == null) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < written.size(); i++) {
            String name = written.get(i).value();
            boolean escapes = name.startsWith("/") || name.contains("\\") || List.of(name.split("/")).contains("..");
            if (name.isBlank() || escapes) {
                problems.add(new Problem(written.get(i).location(), f.path("output_artifacts") + "[" + i + "]",
                        "'" + name + "' is not a path inside artifacts/output/",
                        "a relative path without .. such as report.md or notes/summary.md"));
            } else {
                names.add(name);
            }
        }
        return names;
    }

    private List<String> command(Fields f, String agent) {
        Node.ListNode list = f.list("command", "a list of strings: the program, then its arguments");
        if (list == null) {
            if (COMMAND_AGENT.equals(agent) && !f.has("command")) {
                f.problem(f.valueLocation("agent"), "command", "agent 'command' needs the command to run",
                        "command: [program, arg, ...]");
            }
            return List.of();
        }
        List<String> argv = f.strings("command");
        if (list.items().isEmpty()) {
            f.problem(list.location(), "command", "the command is empty", "a list of strings: the program, then "
                    + "its arguments");
            return List.of();
        }
        if (agent != null && !COMMAND_AGENT.equals(agent)) {
            f.problem(f.keyLocation("command"), "command", "only the 'command' agent runs a command, but this phase's "
                    + "agent is '" + agent + "'", "agent: command, or no command");
        }
        return argv;
    }
}
