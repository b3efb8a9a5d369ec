package io.syntropic137.modelserver;

/** A request that is not acceptable HTTP/1.1; answered with {@code status} and the connection closed. */
final class HttpProtocolException extends Exception {

    private final int status;

    HttpProtocolException(int status, String message) {
        super(message);
        this.status = status;
    }

    int status() {
        return status;
    }
}
