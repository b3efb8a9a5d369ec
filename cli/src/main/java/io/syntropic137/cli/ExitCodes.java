package io.syntropic137.cli;

/** The exit codes of {@code syn}; cli/README.md documents them, scripts depend on them. */
public final class ExitCodes {
    public static final int OK = 0;
    /** The operation failed or was refused (a 4xx other than 404/409, a 5xx), or a definition is invalid. */
    public static final int FAILED = 1;
    /** The command line itself is wrong (picocli's usage error code). */
    public static final int USAGE = 2;
    public static final int UNREACHABLE = 3;
    /** A watched execution ended CANCELLED. */
    public static final int CANCELLED = 4;
    public static final int NOT_FOUND = 5;
    /** The server refused because of the current state (409), e.g. a control command not allowed now. */
    public static final int CONFLICT = 6;
    /** The server wants an API token (401): none was sent, or it is unknown or revoked. */
    public static final int UNAUTHORIZED = 7;

    private ExitCodes() {
    }

    /** The exit code for an HTTP error status the server answered with. */
    static int forStatus(int status) {
        return switch (status) {
            case 404 -> NOT_FOUND;
            case 409 -> CONFLICT;
            case 401 -> UNAUTHORIZED;
            default -> FAILED;
        };
    }
}
