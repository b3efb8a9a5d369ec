package io.syntropic137.agents.claude;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;

/**
 * Git hooks that report the agent's commits and pushes to the run's {@link HookServer} ({@code /git/commit},
 * {@code /git/push}), through the same {@code curl --unix-socket} the Claude Code hooks use, since the sandbox has
 * no network.
 *
 * <p>They are switched on for every git command the agent runs, in every repository (also ones it clones or
 * initialises itself), by {@code core.hooksPath} given in the environment ({@code GIT_CONFIG_COUNT/KEY/VALUE}), not
 * by writing into each {@code .git/hooks}. That setting replaces the repository's own hooks directory, so each
 * script runs the repository's hook of the same name afterwards, with the same arguments and input.
 *
 * <p>Reporting never decides anything: curl's answer and exit code are ignored (and it gives up after 5 s), so a
 * hook server that is gone cannot fail a commit or a push. Git has no hook after a push; {@code pre-push} is the
 * last one before the transfer, so a {@code git_push} event says the push was started, with what it was to send.
 *
 * <p>Fields go to the server NUL-separated, as git prints them, so no shell code has to quote JSON and any file
 * name arrives intact.
 */
final class GitHookScripts {
    /** Inside the workspace; the agent could change them, which only costs it its own telemetry. */
    static final Path RELATIVE = Path.of(".syn", "git-hooks");

    private GitHookScripts() {
    }

    static Path install(Path workspaceRoot, Path curl, Path hookSocket) throws IOException {
        Path dir = Files.createDirectories(workspaceRoot.resolve(RELATIVE));
        write(dir.resolve("post-commit"), postCommit(curl, hookSocket));
        write(dir.resolve("pre-push"), prePush(curl, hookSocket));
        return dir;
    }

    /**
     * {@code core.hooksPath} for every git command of the agent, appended after any {@code GIT_CONFIG_*} entries the
     * environment already holds.
     */
    static Map<String, String> environment(Path hooksDir, Map<String, String> existing) {
        int index = 0;
        String count = existing.get("GIT_CONFIG_COUNT");
        if (count != null) {
            try {
                index = Math.max(0, Integer.parseInt(count.strip()));
            } catch (NumberFormatException e) {
                index = 0; // git itself would refuse such a count; ours replaces it
            }
        }
        Map<String, String> env = new HashMap<>();
        env.put("GIT_CONFIG_COUNT", Integer.toString(index + 1));
        env.put("GIT_CONFIG_KEY_" + index, "core.hooksPath");
        env.put("GIT_CONFIG_VALUE_" + index, hooksDir.toString());
        return env;
    }

    private static String post(Path curl, Path socket, String path) {
        return quote(curl.toString()) + " -sS -m 5 --unix-socket " + quote(socket.toString())
                + " -H 'content-type: application/octet-stream' --data-binary @- http://hooks/git/" + path + " >/dev/null 2>&1 || :";
    }

    static String postCommit(Path curl, Path socket) {
        return """
                #!/bin/sh
                # syntropic137: reports this commit to the run's hook server, then runs the repository's own post-commit.
                {
                  git rev-parse HEAD; printf '\\0'
                  git symbolic-ref --short -q HEAD; printf '\\0'
                  git rev-parse --show-toplevel; printf '\\0'
                  git log -1 --format=%s; printf '\\0'
                  git diff-tree --no-commit-id --name-only -r -z --root HEAD
                } 2>/dev/null | """ + post(curl, socket, "commit") + """

                own="$(git rev-parse --git-common-dir 2>/dev/null)/hooks/post-commit"
                if [ -x "$own" ]; then exec "$own" "$@"; fi
                exit 0
                """;
    }

    static String prePush(Path curl, Path socket) {
        return """
                #!/bin/sh
                # syntropic137: reports the push git is about to make, then runs the repository's own pre-push (its verdict counts).
                refs=$(cat)
                {
                  printf '%s\\0%s\\0' "$1" "$2"
                  git rev-parse --show-toplevel 2>/dev/null; printf '\\0'
                  printf '%s\\n' "$refs"
                } | """ + post(curl, socket, "push") + """

                own="$(git rev-parse --git-common-dir 2>/dev/null)/hooks/pre-push"
                if [ -x "$own" ]; then printf '%s\\n' "$refs" | "$own" "$@"; exit $?; fi
                exit 0
                """;
    }

    private static void write(Path file, String script) throws IOException {
        Files.writeString(file, script, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** Single-quoted for sh. */
    private static String quote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }
}
