package io.syntropic137.domain.orchestration;

import java.util.Locale;

/** The labels on the edges of the execution state machine, as the seed names them. */
public enum ExecutionAction {
    START, FINISH, ERROR, PAUSE, RESUME, INTERRUPT, RETRY, CANCEL;

    /** The verb as the seed diagram writes it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
