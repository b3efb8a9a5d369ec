package io.syntropic137.domain.orchestration;

/** A phase as an execution plans to run it, copied from the template when the run starts. */
public record PlannedPhase(String phaseId, String name, int order, PhaseKind kind) {

    public PlannedPhase {
        kind = kind == null ? PhaseKind.SEQUENTIAL : kind;
    }

    public PlannedPhase(String phaseId, String name, int order) {
        this(phaseId, name, order, PhaseKind.SEQUENTIAL);
    }
}
