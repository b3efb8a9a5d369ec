package io.syntropic137.cli;

/** Nothing answers at the server address: the message says where it looked and how to start a server. */
final class ServerUnreachableException extends RuntimeException {
    ServerUnreachableException(String address, Throwable cause) {
        super("cannot reach the Syntropic137 server at " + address + " (" + describe(cause) + "). Start one with "
                + "`./syn serve`, or point --server / SYN_SERVER at a running server.", cause);
    }

    private static String describe(Throwable cause) {
        if (cause instanceof java.net.ConnectException) {
            return "connection refused";
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }
}
