package io.syntropic137.agents.claude;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the workspace's project settings ({@code .claude/settings.json}) so that every tool hook and the Stop hook
 * call our {@link HookServer} through {@code curl --unix-socket}. Settings a checked-out project brought along are
 * kept; only {@code hooks} is ours.
 *
 * <p>The PreToolUse command exits 2 when the hook server cannot be reached: the CLI then refuses the tool, so the
 * allow-list fails closed. The hooks' timeout is a week because PostToolUse deliberately waits for as long as the
 * execution is paused (the CLI's default is 60 s).
 */
final class HookSettingsFile {
    static final Path RELATIVE = Path.of(".claude", "settings.json");
    private static final long HOOK_TIMEOUT_SECONDS = 7L * 24 * 3600;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private HookSettingsFile() {
    }

    static Path write(Path workspaceRoot, Path curl, Path hookSocket) throws IOException {
        Path file = workspaceRoot.resolve(RELATIVE);
        Files.createDirectories(file.getParent());
        ObjectNode settings = Files.exists(file) && MAPPER.readTree(file.toFile()) instanceof ObjectNode existing
                ? existing : MAPPER.createObjectNode();
        ObjectNode hooks = settings.putObject("hooks");
        for (String event : HookServer.EVENTS) {
            ArrayNode matchers = hooks.putArray(event);
            ObjectNode matcher = matchers.addObject();
            if (!event.equals("Stop")) {
                matcher.put("matcher", "*");
            }
            ObjectNode hook = matcher.putArray("hooks").addObject();
            hook.put("type", "command");
            hook.put("command", command(curl, hookSocket, event));
            hook.put("timeout", HOOK_TIMEOUT_SECONDS);
        }
        Files.writeString(file, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(settings));
        return file;
    }

    static String command(Path curl, Path hookSocket, String event) {
        String call = quote(curl.toString()) + " -sS --fail-with-body --unix-socket " + quote(hookSocket.toString())
                + " -H 'content-type: application/json' --data-binary @- http://hooks/" + event;
        return event.equals("PreToolUse")
                ? call + " || { echo 'the syntropic137 hook server is unreachable; tool refused' >&2; exit 2; }"
                : call;
    }

    /** Single-quoted for the shell the CLI runs hook commands with. */
    private static String quote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }

    static JsonNode read(Path workspaceRoot) throws IOException {
        return MAPPER.readTree(workspaceRoot.resolve(RELATIVE).toFile());
    }
}
