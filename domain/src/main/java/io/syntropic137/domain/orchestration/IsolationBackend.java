package io.syntropic137.domain.orchestration;

/** How a workspace is isolated from the host. LOCAL is the explicit, unsafe development mode. */
public enum IsolationBackend {
    BUBBLEWRAP, DOCKER, LOCAL
}
