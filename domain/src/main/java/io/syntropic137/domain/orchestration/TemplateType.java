package io.syntropic137.domain.orchestration;

public enum TemplateType {
    RESEARCH, PLANNING, IMPLEMENTATION, REVIEW, DEPLOYMENT, CUSTOM
}
