package io.syntropic137.domain.organization;

/** Shared by the organization context's aggregates: never created, live, or deleted (kept for history). */
public enum LifecycleStatus {
    NONE, ACTIVE, DELETED
}
