package io.syntropic137.projections.readmodels.support;

/** A read-model query could not be answered because the database failed (I/O), not because of its input. */
public final class QueryFailedException extends RuntimeException {
    public QueryFailedException(String query, Throwable cause) {
        super("read-model query " + query + " failed: " + cause.getMessage(), cause);
    }
}
