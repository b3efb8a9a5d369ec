package io.syntropic137.domain.orchestration;

public enum NetworkAccess {
    NONE, ALLOW_LISTED_EGRESS, UNRESTRICTED
}
