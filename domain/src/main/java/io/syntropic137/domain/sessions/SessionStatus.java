package io.syntropic137.domain.sessions;

public enum SessionStatus {
    NONE, RUNNING, COMPLETED, FAILED, CANCELLED
}
