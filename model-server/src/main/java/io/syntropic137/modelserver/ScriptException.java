package io.syntropic137.modelserver;

/** A script that cannot be used, with where the problem is ({@code file: turns[2].content[0].name: ...}). */
public final class ScriptException extends RuntimeException {

    public ScriptException(String message) {
        super(message);
    }

    public ScriptException(String message, Throwable cause) {
        super(message, cause);
    }
}
