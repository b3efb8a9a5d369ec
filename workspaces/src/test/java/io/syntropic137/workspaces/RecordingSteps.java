package io.syntropic137.workspaces;

import io.syntropic137.engine.port.WorkspaceSteps;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records the steps as readable lines, in order. */
final class RecordingSteps implements WorkspaceSteps {
    final List<String> lines = new CopyOnWriteArrayList<>();

    @Override
    public void stepDone(String step, long durationMs) {
        lines.add("done " + step);
    }

    @Override
    public void stepFailed(String step, Integer exitCode, String error, long durationMs) {
        lines.add("failed " + step + " exit=" + exitCode + " " + error);
    }

    @Override
    public void secretsInjected(List<String> names) {
        lines.add("secrets injected " + names);
    }

    @Override
    public void secretsCleared(List<String> names) {
        lines.add("secrets cleared " + names);
    }
}
