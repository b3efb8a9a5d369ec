package io.syntropic137.server;

import io.syntropic137.application.CommandContext;
import io.syntropic137.application.CommandHandler;
import io.syntropic137.application.CommandOutcome;
import io.syntropic137.domain.orchestration.WorkflowTemplate;
import io.syntropic137.domain.shared.Rejection;
import io.syntropic137.domain.shared.Result;
import io.syntropic137.workflows.InvalidWorkflow;
import io.syntropic137.workflows.TemplateMapping;
import io.syntropic137.workflows.WorkflowDefinition;
import io.syntropic137.workflows.WorkflowLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Loads the example workflow packages ({@code SYN_EXAMPLES_DIR}, which the launcher points at the repository's
 * {@code examples/workflows}) at start, so a newcomer has workflows to run. An example already created is left as
 * it is; a broken one is reported and skipped, never half-created.
 */
final class ExampleWorkflows {
    private static final Logger LOG = LoggerFactory.getLogger(ExampleWorkflows.class);

    private ExampleWorkflows() {
    }

    /** @return the ids of the examples that exist after loading (created now or before) */
    static List<String> load(Path directory, CommandHandler commands, Clock clock) throws IOException {
        List<String> loaded = new ArrayList<>();
        if (directory == null || !Files.isDirectory(directory)) {
            return loaded;
        }
        List<Path> packages;
        try (Stream<Path> entries = Files.list(directory)) {
            packages = entries.filter(Files::isDirectory).sorted().toList();
        }
        for (Path pkg : packages) {
            switch (WorkflowLoader.loadPackage(pkg)) {
                case Result.Err<WorkflowDefinition, InvalidWorkflow> err ->
                        LOG.warn("example workflow {} is invalid and was skipped:\n{}", pkg, err.error().describe());
                case Result.Ok<WorkflowDefinition, InvalidWorkflow> ok -> {
                    var command = TemplateMapping.toCreateCommand(ok.value(), null, clock.instant());
                    var outcome = commands.handle(WorkflowTemplate.TYPE, command, CommandContext.by("examples"));
                    if (outcome instanceof CommandOutcome.Accepted<?>
                            || outcome instanceof CommandOutcome.Rejected<?> r && r.rejection() instanceof Rejection.AlreadyExists) {
                        loaded.add(command.templateId());
                    } else {
                        LOG.warn("example workflow {} was not created: {}", pkg, outcome);
                    }
                }
            }
        }
        return loaded;
    }
}
