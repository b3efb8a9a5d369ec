package io.syntropic137.domain.shared;

import java.util.List;

/** Short forms for the answers {@code decide} gives. */
public final class Decisions {

    @SafeVarargs
    public static <E> Result<List<E>, Rejection> accept(E... events) {
        return Result.ok(List.of(events));
    }

    /** Accepted, with nothing to record (e.g. a yield point reached while no pause is pending). */
    public static <E> Result<List<E>, Rejection> nothingToRecord() {
        return Result.ok(List.of());
    }

    public static <E> Result<List<E>, Rejection> reject(Rejection rejection) {
        return Result.err(rejection);
    }

    private Decisions() {
    }
}
