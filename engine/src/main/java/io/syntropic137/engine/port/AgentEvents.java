package io.syntropic137.engine.port;

import io.syntropic137.domain.orchestration.YieldPoint;
import io.syntropic137.domain.shared.TokenUsage;

import java.math.BigDecimal;

/** What a running agent tells the engine. Calls may come from any thread. */
public interface AgentEvents {

    /**
     * The agent is at a safe point (after a tool execution or an LLM call). Blocks while the execution is paused
     * and returns when it may go on. Throws {@link InterruptedException} when the run is being cancelled.
     */
    void yieldPoint(YieldPoint point) throws InterruptedException;

    void toolStarted(String toolUseId, String tool, String inputJson);

    void toolFinished(String toolUseId, String tool, boolean succeeded, String detail);

    /** Usage of one model call (not a running total), with its cost when the runtime knows it (else null). */
    void usage(String model, TokenUsage tokens, BigDecimal costUsd);

    /**
     * Anything else the agent reported that observers care about (retries, the session's own summary, a permission
     * denied, subagents), in the telemetry schema's vocabulary: {@code type} such as {@code api_retry},
     * {@code dataJson} a JSON object. Runtimes that report nothing of the kind need not implement it.
     */
    default void observed(String type, String toolUseId, String dataJson, java.time.Instant time) {
    }
}
