package io.syntropic137.domain.orchestration;

public enum WorkspaceStatus {
    NONE, READY, DESTROYED
}
