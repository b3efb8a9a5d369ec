package io.syntropic137.engine.port;

/** Receives each lifecycle step of a workspace, so the caller can record it as a Workspace event. */
public interface WorkspaceSteps {

    /** A named step (layout created, repository cloned, inputs written, setup command run, secrets cleared, ...). */
    void stepDone(String step, long durationMs);

    void stepFailed(String step, Integer exitCode, String error, long durationMs);

    /** Names (never values) of the secrets given to the setup step, then their removal. */
    void secretsInjected(java.util.List<String> names);

    void secretsCleared(java.util.List<String> names);

    WorkspaceSteps IGNORE = new WorkspaceSteps() {
        @Override
        public void stepDone(String step, long durationMs) {
        }

        @Override
        public void stepFailed(String step, Integer exitCode, String error, long durationMs) {
        }

        @Override
        public void secretsInjected(java.util.List<String> names) {
        }

        @Override
        public void secretsCleared(java.util.List<String> names) {
        }
    };
}
