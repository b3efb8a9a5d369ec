package io.syntropic137.domain.sessions;

/** How a session ended. */
public enum SessionOutcome {
    COMPLETED, FAILED, CANCELLED;

    SessionStatus status() {
        return switch (this) {
            case COMPLETED -> SessionStatus.COMPLETED;
            case FAILED -> SessionStatus.FAILED;
            case CANCELLED -> SessionStatus.CANCELLED;
        };
    }
}
