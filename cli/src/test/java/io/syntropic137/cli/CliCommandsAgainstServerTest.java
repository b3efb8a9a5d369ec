package io.syntropic137.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.syntropic137.server.Main;
import io.syntropic137.server.Server;
import io.syntropic137.server.ServerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The commands for the routes beyond workflows, executions and control — sessions, costs, metrics, organizations,
 * systems, repositories, triggers, and the write commands of workflows and artifacts — run as a process against a
 * real server in this JVM: each group's success, an error with its exit code, and --json that parses.
 */
class CliCommandsAgainstServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dataDir;
    @TempDir
    static Path work;
    private static Server server;
    private static CliProcess syn;
    private static String base;

    @BeforeAll
    static void start() {
        Map<String, String> env = new HashMap<>();
        env.put("SYN_DATA_DIR", dataDir.toString());
        env.put("SYN_PORT", "0");
        server = Main.start(ServerConfig.fromEnvironment(env));
        base = "http://127.0.0.1:" + server.port();
        syn = new CliProcess(base, work);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void organizationsSystemsAndRepositoriesAreManaged() throws Exception {
        var org = ok("org", "create", "Acme", "--id", "acme");
        assertThat(org.out()).contains("created organization acme").containsPattern("(?m)^acme\\s+Acme\\s+0\\s+0\\s");
        var duplicate = syn.run("org", "create", "Acme", "--id", "acme");
        assertThat(duplicate.exitCode()).as(duplicate.toString()).isEqualTo(6);
        assertThat(duplicate.err()).startsWith("error: ");
        assertThat(ok("org", "rename", "acme", "Acme Corp").out()).contains("renamed organization acme").contains("Acme Corp");
        assertThat(exit("org", "rename", "nope", "X")).isEqualTo(5);
        JsonNode orgs = JSON.readTree(ok("--json", "org", "list").out());
        assertThat(orgs.path("items").findValuesAsText("organizationId")).contains("acme");

        var system = ok("system", "create", "--org", "acme", "Payments", "--id", "pay", "--description", "money in");
        assertThat(system.out()).contains("created system pay").contains("money in");
        assertThat(ok("system", "update", "pay", "--name", "Billing").out()).contains("Billing");
        assertThat(exit("system", "update", "pay")).as("nothing to change is a usage error").isEqualTo(2);
        assertThat(ok("system", "list", "--org", "acme").out()).contains("pay").contains("Billing");

        var repo = ok("repo", "register", "--org", "acme", "--provider", "github", "--name", "acme/api", "--private");
        assertThat(repo.out()).contains("registered repository acme/acme/api").containsPattern("GITHUB\\s+acme/api\\s+main\\s+yes");
        assertThat(exit("repo", "register", "--org", "acme", "--provider", "github", "--name", "acme/api")).isEqualTo(6);
        assertThat(exit("repo", "register", "--org", "acme", "--provider", "svn", "--name", "acme/x")).isEqualTo(2);

        var assigned = ok("system", "assign", "pay", "acme/acme/api");
        assertThat(assigned.out()).contains("assigned acme/acme/api to system pay").containsPattern("(?m)^pay\\s+acme\\s+Billing\\s+1\\s");
        assertThat(ok("repo", "list", "--system", "pay").out()).contains("acme/acme/api");
        assertThat(exit("system", "assign", "nope", "acme/acme/api")).isEqualTo(5);

        assertThat(ok("repo", "update", "acme/acme/api", "--branch", "develop", "--private", "false").out())
                .containsPattern("acme/api\\s+develop\\s+no");
        var unchanged = syn.run("repo", "update", "acme/acme/api", "--branch", "develop");
        assertThat(unchanged.exitCode()).as("refused (409) with the server's reason " + unchanged).isEqualTo(6);
        assertThat(unchanged.err()).contains("already has these values").contains("nothing-to-change");

        ok("system", "unassign", "pay", "acme/acme/api");
        assertThat(ok("repo", "deregister", "acme/acme/api").out()).contains("deregistered repository acme/acme/api");
        assertThat(exit("repo", "deregister", "acme/acme/api")).as("already deregistered").isEqualTo(6);
        assertThat(JSON.readTree(ok("--json", "repo", "list", "--org", "acme").out()).path("items")).isEmpty();
        assertThat(ok("repo", "list", "--org", "acme", "--include-deregistered").out()).contains("acme/acme/api");

        ok("system", "delete", "pay");
        assertThat(JSON.readTree(ok("org", "delete", "acme", "--json").out()).path("position").asLong()).isPositive();
        assertThat(exit("org", "delete", "nope")).isEqualTo(5);
    }

    @Test
    void repositoryHealthAndExecutionsAreListed() throws Exception {
        assertThat(ok("repo", "health").out()).startsWith("REPO");
        assertThat(JSON.readTree(ok("repo", "executions", "acme/none", "--json").out()).path("items").isArray()).isTrue();
        assertThat(exit("repo", "executions")).as("the repository is required").isEqualTo(2);
        var blank = syn.run("repo", "executions", " ");
        assertThat(blank.exitCode()).as("400 " + blank).isEqualTo(1);
        assertThat(blank.err()).contains("error: repo is required");
    }

    @Test
    void aWorkflowPhaseIsChangedAndTheWorkflowArchived() throws Exception {
        createWorkflow("id: changing\nname: Changing\nphases:\n" + phase("a", "true", "first"));
        var updated = ok("workflow", "update-phase", "changing", "a", "--timeout", "90", "--model", "sonnet",
                "--allowed-tools", "Read,Write");
        assertThat(updated.out()).contains("updated phase a of workflow changing").contains("90s").contains("sonnet")
                .contains("Read, Write");
        Files.writeString(work.resolve("prompt.md"), "Second prompt\nwith two lines");
        JsonNode phase = JSON.readTree(ok("--json", "workflow", "update-phase", "changing", "a", "--prompt-file", "prompt.md").out());
        assertThat(phase.path("prompt").asText()).isEqualTo("Second prompt\nwith two lines");
        assertThat(exit("workflow", "update-phase", "changing", "a", "--prompt", "x", "--prompt-file", "prompt.md"))
                .as("one prompt only").isEqualTo(2);
        assertThat(exit("workflow", "update-phase", "changing", "a")).as("nothing to change").isEqualTo(2);
        assertThat(exit("workflow", "update-phase", "nope", "a", "--timeout", "5")).isEqualTo(5);

        assertThat(ok("workflow", "archive", "changing").out()).contains("archived workflow changing");
        var run = syn.run("workflow", "run", "changing", "--task", "t");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(6);
        assertThat(run.err()).contains("archived");
        assertThat(ok("workflow", "show", "changing").out()).contains("ARCHIVED");
        assertThat(ok("workflow", "status", "changing").out()).contains("workflow", "changing", "0 started");
        assertThat(exit("workflow", "status", "nope")).isEqualTo(5);
        createWorkflow("id: doomed\nname: Doomed\nphases:\n" + phase("a", "true", "first"));
        assertThat(ok("workflow", "delete", "doomed").out()).as("delete archives").contains("archived workflow doomed");
        assertThat(exit("workflow", "delete", "doomed")).as("already archived").isEqualTo(6);
    }

    @Test
    void artifactsAreCreatedChangedAndDeleted() throws Exception {
        var created = ok("artifact", "create", "--execution", "ex-1", "--phase", "p", "--title", "notes.md",
                "--type", "markdown", "--text", "# hi");
        assertThat(created.out()).contains("created artifact art-").contains("notes.md").contains("MARKDOWN").contains("text/plain");
        String id = created.out().replaceAll("(?s).*created artifact (\\S+).*", "$1");
        assertThat(ok("artifact", "content", id).out()).isEqualTo("# hi");

        byte[] bytes = {0, 1, 2, (byte) 0xff, 10};
        Files.write(work.resolve("blob.bin"), bytes);
        JsonNode binary = JSON.readTree(ok("--json", "artifact", "create", "--execution", "ex-1", "--phase", "p",
                "--title", "blob", "--type", "other", "--file", "blob.bin", "--primary").out());
        assertThat(binary.path("sizeBytes").asLong()).isEqualTo(5);
        assertThat(binary.path("primaryDeliverable").asBoolean()).isTrue();
        ok("artifact", "content", binary.path("artifactId").asText(), "-o", "copy.bin");
        assertThat(Files.readAllBytes(work.resolve("copy.bin"))).isEqualTo(bytes);
        assertThat(exit("artifact", "create", "--execution", "ex-1", "--phase", "p", "--title", "t", "--type", "markdown"))
                .as("content is required").isEqualTo(2);

        var updated = ok("artifact", "update", id, "--title", "renamed.md", "--primary", "true");
        assertThat(updated.out()).contains("updated artifact " + id).contains("renamed.md")
                .containsPattern("primaryDeliverable\\s+true");
        assertThat(exit("artifact", "update", "nope", "--title", "x")).isEqualTo(5);

        assertThat(ok("artifact", "delete", id, "--reason", "obsolete").out()).contains("deleted artifact " + id);
        var again = syn.run("artifact", "delete", id);
        assertThat(again.exitCode()).as(again.toString()).isEqualTo(6);
    }

    @Test
    void sessionsCostsAndMetricsOfARun() throws Exception {
        createWorkflow("id: measured\nname: Measured\nphases:\n" + phase("say", "echo hi > artifacts/output/said.md", "go"));
        var run = syn.run("--json", "workflow", "run", "measured", "--task", "t");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        String execution = JSON.readTree(run.out()).path("execution_id").asText();
        await("/api/executions/" + execution, d -> d.path("summary").path("status").asText().equals("COMPLETED"), "COMPLETED");
        await("/api/sessions?execution=" + execution, p -> p.path("items").size() == 1
                && !p.path("items").get(0).path("status").asText().equals("RUNNING"), "a finished session");

        var sessions = ok("session", "list", "--execution", execution);
        assertThat(sessions.out()).startsWith("SESSION").contains(execution).contains("say");
        String session = JSON.readTree(ok("--json", "session", "list", "--execution", execution).out())
                .path("items").get(0).path("sessionId").asText();
        assertThat(ok("session", "show", session).out()).contains(execution).containsPattern("phaseId\\s+say");
        // the command runtime reports no tool calls: an empty timeline, read from telemetry
        assertThat(ok("session", "tools", session).out()).startsWith("TOOL");
        assertThat(JSON.readTree(ok("--json", "session", "tools", session).out()).path("tool_calls").isArray()).isTrue();
        var config = ok("config");
        assertThat(config.out()).contains("server  http://127.0.0.1:").contains("token   not set");
        assertThat(JSON.readTree(ok("--json", "config").out()).path("token_set").asBoolean()).isFalse();
        var badStatus = syn.run("session", "list", "--status", "sleeping");
        assertThat(badStatus.exitCode()).as(badStatus.toString()).isEqualTo(1);
        assertThat(badStatus.err()).contains("status=sleeping is not one of");
        assertThat(exit("session", "show", "nope")).isEqualTo(5);

        assertThat(ok("cost", "execution", execution).out()).contains("templateId").contains("measured").containsPattern("(?m)^say\\s");
        assertThat(ok("cost", "execution", execution, "--phase", "say").out()).containsPattern("(?m)^say\\s");
        assertThat(exit("cost", "execution", "nope")).isEqualTo(5);
        assertThat(exit("cost", "execution", execution, "--phase", "nope")).isEqualTo(5);
        var models = ok("cost", "models");
        assertThat(models.out()).startsWith("MODEL").containsPattern("(?m)^TOTAL\\s+\\d+");
        assertThat(JSON.readTree(ok("--json", "cost", "models").out()).path("total").path("sessions").asLong()).isPositive();

        assertThat(ok("metrics", "dashboard").out()).contains("executions").contains("completed");
        assertThat(JSON.readTree(ok("--json", "metrics", "dashboard").out()).path("executions").path("completed").asLong()).isPositive();
        var metrics = ok("metrics", "workflow", "measured");
        assertThat(metrics.out()).contains("1 started, 1 completed").containsPattern("(?m)^\\d+\\s+say\\s");
        assertThat(exit("metrics", "workflow", "nope")).isEqualTo(5);
    }

    @Test
    void projectionsAreListedAndOneIsRebuiltOnDemand() throws Exception {
        var list = ok("projection", "list");
        assertThat(list.out()).startsWith("NAME").containsPattern("(?m)^executions\\s+(LIVE|CATCHING_UP)\\s");
        var rebuild = ok("projection", "rebuild", "artifacts");
        assertThat(rebuild.out()).containsPattern("rebuilding artifacts into generation \\d+");
        long generation = JSON.readTree(ok("--json", "projection", "rebuild", "artifacts").out()).path("rebuildingGeneration").asLong();
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
        JsonNode artifacts = null;
        while (System.nanoTime() < deadline) { // swapped in once caught up: the rebuilt generation is the one queried
            for (JsonNode p : JSON.readTree(ok("--json", "projection", "list").out()).path("items")) {
                if (p.path("name").asText().equals("artifacts")) {
                    artifacts = p;
                }
            }
            if (artifacts.path("generation").asLong() == generation) {
                break;
            }
            Thread.sleep(50);
        }
        assertThat(artifacts.path("generation").asLong()).as(artifacts.toString()).isEqualTo(generation);
        var unknown = syn.run("projection", "rebuild", "nope");
        assertThat(unknown.exitCode()).as(unknown.toString()).isEqualTo(5);
        assertThat(unknown.err()).contains("no projection named 'nope'");
        assertThat(ok("health").out()).containsPattern("projections up; \\d+ live");
    }

    @Test
    void triggersAreListedAndUnknownOnesAreNotFound() throws Exception {
        assertThat(ok("trigger", "list", "--workflow", "none").out()).startsWith("TRIGGER");
        assertThat(JSON.readTree(ok("--json", "trigger", "list").out()).path("items").isArray()).isTrue();
        var show = syn.run("trigger", "show", "nope");
        assertThat(show.exitCode()).as(show.toString()).isEqualTo(5);
        assertThat(show.err()).contains("trigger 'nope' does not exist");
        assertThat(exit("trigger", "history", "nope")).isEqualTo(5);
    }

    @Test
    void triggersAreCreatedChangedPausedAndDeleted() throws Exception {
        assertThat(ok("trigger", "presets").out()).contains("self_healing_ci", "check_run.completed");
        var created = ok("trigger", "create", "heal ci", "--id", "trg-cli", "--preset", "self_healing_ci",
                "--repository", "acme/cli", "--workflow", "fix-ci", "--cooldown", "60");
        assertThat(created.out()).contains("created trigger trg-cli: check_run.completed on acme/cli starts fix-ci (ACTIVE)");
        var shown = JSON.readTree(ok("--json", "trigger", "show", "trg-cli").out());
        assertThat(shown.path("safety").path("cooldownSeconds").asInt()).isEqualTo(60);
        assertThat(shown.path("safety").path("maxAttemptsPerPr").asInt()).as("the default kept").isEqualTo(3);

        var custom = ok("trigger", "create", "labelled", "--id", "trg-label", "--event", "pull_request.labeled",
                "--repository", "acme/cli", "--workflow", "fix-ci", "--condition", "label.name in bug,urgent",
                "--condition", "pull_request.draft eq false", "--map", "pr_number=pull_request.number");
        assertThat(custom.out()).contains("created trigger trg-label");
        var label = JSON.readTree(ok("--json", "trigger", "show", "trg-label").out());
        assertThat(label.path("conditions").toString()).contains("label.name", "bug", "urgent", "pull_request.draft");
        assertThat(label.path("inputMapping").path("pr_number").asText()).isEqualTo("pull_request.number");

        assertThat(ok("trigger", "update", "trg-cli", "--max-attempts-per-pr", "5").out()).contains("updated trigger trg-cli");
        var updated = JSON.readTree(ok("--json", "trigger", "show", "trg-cli").out());
        assertThat(updated.path("safety").path("maxAttemptsPerPr").asInt()).isEqualTo(5);
        assertThat(updated.path("safety").path("cooldownSeconds").asInt()).as("the other limits kept").isEqualTo(60);
        assertThat(exit("trigger", "update", "trg-cli")).isEqualTo(2);
        assertThat(ok("trigger", "pause", "trg-cli", "--reason", "too noisy").out()).contains("paused trigger trg-cli");
        assertThat(exit("trigger", "pause", "trg-cli")).as("paused already").isEqualTo(6);
        assertThat(ok("trigger", "resume", "trg-cli").out()).contains("resumed trigger trg-cli");
        assertThat(exit("trigger", "create", "bad", "--event", "nonsense", "--repository", "acme/cli", "--workflow", "w"))
                .isEqualTo(1);
        assertThat(exit("trigger", "create", "bad", "--repository", "acme/cli", "--workflow", "w")).isEqualTo(2);
        assertThat(exit("trigger", "create", "x", "--event", "a.b", "--repository", "acme/cli", "--workflow", "w",
                "--condition", "lonely")).isEqualTo(2);
        assertThat(ok("trigger", "delete", "trg-cli").out()).contains("deleted trigger trg-cli");
        assertThat(exit("trigger", "delete", "nope")).isEqualTo(5);
    }

    // ---- helpers ----

    private static CliProcess.Result ok(String... args) {
        var result = syn.run(args);
        assertThat(result.exitCode()).as(String.join(" ", args) + "\n" + result).isZero();
        return result;
    }

    /** The exit code of a command that fails: with a message on stderr (no stack trace) and nothing on stdout. */
    private static int exit(String... args) {
        var result = syn.run(args);
        assertThat(result.err()).as(String.join(" ", args) + "\n" + result).isNotBlank().doesNotContain("Exception");
        assertThat(result.out()).as(String.join(" ", args) + "\n" + result).isEmpty();
        return result.exitCode();
    }

    private static String phase(String id, String command, String prompt) {
        return "  - id: " + id + "\n    agent: command\n    timeout_seconds: 60\n    command: [sh, -c, '" + command + "']\n"
                + "    prompt_template: \"" + prompt + "\"\n";
    }

    private static void createWorkflow(String yaml) throws IOException {
        Path file = Files.createTempFile(work, "wf", ".yaml");
        Files.writeString(file, yaml);
        ok("workflow", "create", file.toString());
    }

    /** Polls the server directly (a CLI process per poll would be slow). */
    private static JsonNode await(String path, Predicate<JsonNode> done, String what) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + WAIT.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            last = response.statusCode() + " " + response.body();
            if (response.statusCode() == 200 && done.test(JSON.readTree(response.body()))) {
                return JSON.readTree(response.body());
            }
            Thread.sleep(50);
        }
        throw new AssertionError(path + " never showed " + what + "; last: " + last);
    }
}
