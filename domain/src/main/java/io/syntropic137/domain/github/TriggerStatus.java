package io.syntropic137.domain.github;

public enum TriggerStatus {
    NONE, ACTIVE, PAUSED, DELETED
}
