package io.syntropic137.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code syn completion}: a bash completion script, e.g. {@code source <(./syn completion)}. */
@Command(name = "completion", description = "Print a bash/zsh completion script: source <(./syn completion)")
final class CompletionCommand extends ApiCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        out().print(AutoComplete.bash("syn", spec.root().commandLine()));
        out().flush();
        return ExitCodes.OK;
    }
}
