package io.syntropic137.domain.artifacts;

public enum ArtifactType {
    PLAN, CODE, REPORT, TEST_RESULTS, MARKDOWN, JSON, DIFF, LOG, OTHER
}
