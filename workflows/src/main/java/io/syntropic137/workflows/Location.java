package io.syntropic137.workflows;

/** Where something is in a workflow package: a file (as the author named it) and a 1-based line and column. */
public record Location(String file, int line, int column) {

    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
