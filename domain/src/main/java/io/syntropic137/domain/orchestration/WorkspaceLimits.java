package io.syntropic137.domain.orchestration;

/** Resource limits of one workspace; {@code milliCpus} 1000 = one core. */
public record WorkspaceLimits(int milliCpus, long memoryMb, int maxProcesses, int timeoutSeconds,
                              NetworkAccess network) {
}
