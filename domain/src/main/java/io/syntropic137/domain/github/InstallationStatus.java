package io.syntropic137.domain.github;

public enum InstallationStatus {
    NONE, ACTIVE, SUSPENDED, REVOKED
}
