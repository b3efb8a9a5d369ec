package io.syntropic137.modelserver;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The scripts a server serves and every session's position in them. A session is a script name (chosen by the
 * request path, {@code /s/{name}/v1/messages}, or the default script) together with the client's session id
 * (Claude Code sends {@code x-claude-code-session-id}), so many agents can share one server and one script
 * while each walks through it on its own.
 */
final class Sessions {

    static final String DEFAULT_SCRIPT = "default";
    static final String NO_SESSION_ID = "-";

    private record Key(String scriptName, String sessionId) {
    }

    private final Map<String, Script> scripts;
    private final Map<Key, ScriptCursor> cursors = new ConcurrentHashMap<>();

    Sessions(Map<String, Script> scripts) {
        this.scripts = Map.copyOf(scripts);
    }

    Optional<ScriptCursor> cursor(String scriptName, String sessionId) {
        Script script = scripts.get(scriptName);
        if (script == null) return Optional.empty();
        return Optional.of(cursors.computeIfAbsent(new Key(scriptName, sessionId), key -> new ScriptCursor(script)));
    }

    boolean hasScript(String scriptName) {
        return scripts.containsKey(scriptName);
    }

    java.util.Set<String> scriptNames() {
        return scripts.keySet();
    }
}
