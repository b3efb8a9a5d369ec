package io.syntropic137.agents.claude;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.syntropic137.domain.orchestration.YieldPoint;
import io.syntropic137.engine.port.AgentEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * Answers the Claude Code hooks of one agent run (each hook is {@code curl} inside the sandbox posting its stdin
 * payload to {@code /<HookEvent>} on this run's hook socket; the answer body is the hook's stdout).
 *
 * <ul>
 *   <li>{@code PreToolUse}: {@link AgentEvents#toolStarted}; a tool outside the task's allow-list is denied
 *       ({@code permissionDecision: deny}, reason {@code permission_denied: ...}) and reported finished, failed.</li>
 *   <li>{@code PostToolUse} / {@code PostToolUseFailure}: {@link AgentEvents#toolFinished}, then
 *       {@code yieldPoint(AFTER_TOOL_EXECUTION)}, which blocks while the execution is paused: the CLI waits for
 *       its hook, so the agent takes no next step. When the run is being cancelled the hook answers
 *       {@code continue: false}, which ends the agent's turn.</li>
 *   <li>{@code Stop}: noted ({@link #stopSeen}).</li>
 *   <li>{@code /git/commit}, {@code /git/push} (from the {@link GitHookScripts}, not the CLI): {@code git_commit}
 *       and {@code git_push} through {@link AgentEvents#observed}.</li>
 * </ul>
 * Tool events come from here, not from stdout, so they are recorded even when the stream is lost; both carry the
 * same {@code tool_use_id}.
 */
final class HookServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HookServer.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int MAX_DETAIL = 2_000;
    static final List<String> EVENTS = List.of("PreToolUse", "PostToolUse", "PostToolUseFailure", "Stop");

    private final UnixHttpServer server;
    private final AgentEvents events;
    /** Tool names the task allows; empty = every tool. */
    private final Set<String> allowedTools;
    private final AtomicBoolean stopSeen = new AtomicBoolean();

    private HookServer(Path socket, List<String> allowedTools, AgentEvents events) throws IOException {
        this.events = events;
        // a rule like "Bash(git diff:*)" allows the tool; the part in brackets is the CLI's to check
        this.allowedTools = allowedTools.stream().map(HookServer::toolName).collect(Collectors.toUnmodifiableSet());
        this.server = UnixHttpServer.start(socket, "claude-hooks", this::handle);
    }

    static HookServer start(Path socket, List<String> allowedTools, AgentEvents events) throws IOException {
        return new HookServer(socket, allowedTools, events);
    }

    Path socket() {
        return server.socket();
    }

    boolean stopSeen() {
        return stopSeen.get();
    }

    static String toolName(String rule) {
        int bracket = rule.indexOf('(');
        return (bracket < 0 ? rule : rule.substring(0, bracket)).strip();
    }

    private void handle(HttpRequestHead request, HttpResponseWriter response) throws IOException, InterruptedException {
        if (request.path().startsWith("/git/")) {
            git(request, response);
            return;
        }
        JsonNode payload;
        try {
            payload = MAPPER.readTree(request.body());
        } catch (IOException e) {
            response.sendJson(400, "{}");
            LOG.warn("a hook sent a payload that is not JSON to {}: {}", request.path(), e.getMessage());
            return;
        }
        String hook = request.path().replaceFirst("^/+", "");
        String toolUseId = payload.path("tool_use_id").asText(null);
        String tool = payload.path("tool_name").asText(null);
        switch (hook) {
            case "PreToolUse" -> {
                events.toolStarted(toolUseId, tool, payload.path("tool_input").toString());
                if (!allowedTools.isEmpty() && !allowedTools.contains(tool)) {
                    String reason = "permission_denied: tool " + tool + " is not in this phase's allowed tools "
                            + allowedTools.stream().sorted().toList();
                    events.toolFinished(toolUseId, tool, false, reason);
                    events.observed("permission_denied", toolUseId, permissionDenied(tool, reason), java.time.Instant.now());
                    response.sendJson(200, deny(reason));
                    return;
                }
                response.sendJson(200, "{}");
            }
            case "PostToolUse", "PostToolUseFailure" -> {
                boolean succeeded = hook.equals("PostToolUse");
                events.toolFinished(toolUseId, tool, succeeded,
                        detail(succeeded ? payload.get("tool_response") : payload.get("error")));
                try {
                    events.yieldPoint(YieldPoint.AFTER_TOOL_EXECUTION);
                } catch (InterruptedException e) {
                    response.sendJson(200, "{\"continue\":false,\"stopReason\":\"the execution is being stopped\"}");
                    throw e;
                }
                response.sendJson(200, "{}");
            }
            case "Stop" -> {
                stopSeen.set(true);
                response.sendJson(200, "{}");
            }
            default -> response.sendJson(200, "{}");
        }
    }

    /** The {@link GitHookScripts}: NUL-separated fields as git printed them. */
    private void git(HttpRequestHead request, HttpResponseWriter response) throws IOException {
        String[] fields = new String(request.body(), java.nio.charset.StandardCharsets.UTF_8).split("\0", -1);
        ObjectNode data = MAPPER.createObjectNode();
        data.put("source", "git-hook");
        switch (request.path()) {
            case "/git/commit" -> {
                String sha = field(fields, 0);
                if (sha.isEmpty()) {
                    response.sendJson(400, "{}");
                    LOG.warn("the post-commit hook reported no commit sha");
                    return;
                }
                data.put("sha", sha);
                String branch = field(fields, 1);
                data.put("branch", branch.isEmpty() ? null : branch); // empty: a detached HEAD
                data.put("repo", field(fields, 2));
                data.put("subject", truncate(field(fields, 3)));
                var files = data.putArray("files");
                int count = 0;
                for (int i = 4; i < fields.length; i++) {
                    if (!fields[i].isEmpty()) {
                        if (count++ < MAX_FILES) {
                            files.add(fields[i]);
                        }
                    }
                }
                data.put("files_changed", count);
                events.observed("git_commit", null, data.toString(), java.time.Instant.now());
            }
            case "/git/push" -> {
                data.put("remote", field(fields, 0));
                data.put("url", withoutCredentials(field(fields, 1)));
                data.put("repo", field(fields, 2));
                data.put("stage", "pre-push");
                var refs = data.putArray("refs");
                for (String line : field(fields, 3).split("\n")) {
                    String[] parts = line.strip().split(" ");
                    if (parts.length == 4) {
                        ObjectNode ref = refs.addObject();
                        ref.put("local_ref", parts[0]);
                        ref.put("local_sha", parts[1]);
                        ref.put("remote_ref", parts[2]);
                        ref.put("remote_sha", parts[3]);
                    }
                }
                events.observed("git_push", null, data.toString(), java.time.Instant.now());
            }
            default -> {
                response.sendJson(404, "{}");
                return;
            }
        }
        response.sendJson(200, "{}");
    }

    private static final int MAX_FILES = 1_000;

    private static String field(String[] fields, int index) {
        return index < fields.length ? fields[index].strip() : "";
    }

    private static String truncate(String text) {
        return text.length() <= MAX_DETAIL ? text : text.substring(0, MAX_DETAIL) + "…";
    }

    /** A push URL may carry a token ({@code https://user:token@host/...}); telemetry never holds it. */
    static String withoutCredentials(String url) {
        return url.replaceFirst("^([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@]*@", "$1");
    }

    private static String permissionDenied(String tool, String reason) {
        var data = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
        data.put("tool_name", tool);
        data.put("reason", reason);
        data.put("source", "hook");
        return data.toString();
    }

    private static String deny(String reason) {
        ObjectNode output = MAPPER.createObjectNode();
        ObjectNode specific = output.putObject("hookSpecificOutput");
        specific.put("hookEventName", "PreToolUse");
        specific.put("permissionDecision", "deny");
        specific.put("permissionDecisionReason", reason);
        return output.toString();
    }

    private static String detail(JsonNode node) {
        if (node == null || node.isNull()) {
            return "";
        }
        String text = node.isTextual() ? node.textValue() : node.toString();
        return text.length() <= MAX_DETAIL ? text : text.substring(0, MAX_DETAIL) + "…";
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
