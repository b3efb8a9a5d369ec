package io.syntropic137.engine;

import io.syntropic137.engine.port.AgentRuntime;
import io.syntropic137.engine.port.ContentStore;
import io.syntropic137.engine.port.WorkspaceProvider;

import java.time.Clock;
import java.util.Map;

/** Everything the engine's workers share. */
record EngineParts(EngineCommands commands, ExecutionPlans plans, Map<String, AgentRuntime> runtimes,
                   WorkspaceProvider workspaces, ContentStore content, io.syntropic137.workflows.PromptRenderer prompts, EngineConfig config,
                   Clock clock, EngineListener listener) {

    java.time.Instant now() {
        return clock.instant();
    }
}
