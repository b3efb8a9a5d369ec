package io.syntropic137.server;

import io.syntropic137.engine.EngineConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How executions run, read from the environment:
 * {@code SYN_WORKSPACES} = {@code bubblewrap} (default where {@code bwrap} works) or {@code local} (no isolation,
 * only when chosen: agents run with the server's rights); {@code SYN_MAX_CONCURRENT_EXECUTIONS} (default 32);
 * {@code SYN_ENGINE_WORKERS} (default two per core: running executions doing engine work at once);
 * {@code SYN_RETRY_AFTER_RESTART} = true|false (default true); {@code SYN_MAX_RUN_ATTEMPTS} (default 3).
 *
 * @param workspaces null: choose bubblewrap if it works here, else refuse to run agents until one is chosen
 */
record EngineSettings(String workspaces, EngineConfig engine) {
    static final String BUBBLEWRAP = "bubblewrap";
    static final String LOCAL = "local";

    static EngineSettings defaults() {
        return new EngineSettings(null, EngineConfig.DEFAULTS);
    }

    static EngineSettings fromEnvironment(Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        String workspaces = env.get("SYN_WORKSPACES");
        if (workspaces != null) {
            workspaces = workspaces.strip().toLowerCase(Locale.ROOT);
            if (!workspaces.equals(BUBBLEWRAP) && !workspaces.equals(LOCAL)) {
                problems.add("SYN_WORKSPACES=" + env.get("SYN_WORKSPACES") + " is not a workspace provider: use "
                        + BUBBLEWRAP + " (isolated) or " + LOCAL + " (no isolation)");
            }
        }
        EngineConfig config = EngineConfig.DEFAULTS;
        int concurrent = positive(env, "SYN_MAX_CONCURRENT_EXECUTIONS", config.maxConcurrentExecutions(), problems);
        int workers = positive(env, "SYN_ENGINE_WORKERS", config.engineWorkers(), problems);
        int attempts = positive(env, "SYN_MAX_RUN_ATTEMPTS", config.maxRunAttempts(), problems);
        boolean retry = config.retryAfterRestart();
        String retryText = env.get("SYN_RETRY_AFTER_RESTART");
        if (retryText != null) {
            switch (retryText.strip().toLowerCase(Locale.ROOT)) {
                case "true" -> retry = true;
                case "false" -> retry = false;
                default -> problems.add("SYN_RETRY_AFTER_RESTART=" + retryText + " must be true or false");
            }
        }
        if (!problems.isEmpty()) {
            throw new ServerConfig.InvalidConfigException(problems);
        }
        return new EngineSettings(workspaces, new EngineConfig(concurrent, config.defaultRuntime(), config.stopGrace(),
                retry, attempts, config.artifactPromptChars(), config.workspaceLimits()).withEngineWorkers(workers));
    }

    private static int positive(Map<String, String> env, String name, int fallback, List<String> problems) {
        String text = env.get(name);
        if (text == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text.strip());
            if (value >= 1) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below, with what is allowed
        }
        problems.add(name + "=" + text + " must be a whole number >= 1");
        return fallback;
    }
}
