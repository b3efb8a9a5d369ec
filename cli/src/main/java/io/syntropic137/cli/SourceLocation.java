package io.syntropic137.cli;

/** A place in a file the user wrote, as editors read it: {@code file:line:column}. */
record SourceLocation(String file, int line, int column) {
    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
