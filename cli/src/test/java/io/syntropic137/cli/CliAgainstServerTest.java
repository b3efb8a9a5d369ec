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
import java.net.ServerSocket;
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

/** The CLI, run as a process, against a real server in this JVM that runs workflows with the command runtime. */
class CliAgainstServerTest {
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

    // ---- workflows ----

    @Test
    void aPackageWithPromptFilesValidatesCreatesListsAndShows() throws Exception {
        Path pkg = Files.createDirectories(work.resolve("pkg-ok"));
        Files.writeString(pkg.resolve("workflow.yaml"), """
                id: packaged
                name: Packaged
                inputs:
                  - name: goal
                    required: true
                phases:
                  - id: plan
                    agent: command
                    command: [sh, -c, 'cat > artifacts/output/plan.md']
                    prompt_file: prompts/plan.md
                """);
        Files.createDirectories(pkg.resolve("prompts"));
        Files.writeString(pkg.resolve("prompts/plan.md"), "---\ntimeout_seconds: 60\n---\n\nPlan {{goal}} for $ARGUMENTS\n");

        var valid = syn.run("workflow", "validate", "pkg-ok");
        assertThat(valid.exitCode()).as(valid.toString()).isZero();
        assertThat(valid.out()).contains("valid: workflow packaged with 1 phase(s)");

        var created = syn.run("workflow", "create", "pkg-ok");
        assertThat(created.exitCode()).as(created.toString()).isZero();
        assertThat(created.out()).contains("created workflow packaged");

        var list = syn.run("workflow", "list");
        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(list.out()).contains("ID").contains("packaged").contains("Packaged");

        var show = syn.run("workflow", "show", "packaged");
        assertThat(show.exitCode()).as(show.toString()).isZero();
        assertThat(show.out()).contains("goal").contains("plan").contains("60s");

        var json = syn.run("workflow", "show", "packaged", "--json");
        assertThat(json.exitCode()).as(json.toString()).isZero();
        JsonNode detail = JSON.readTree(json.out());
        assertThat(detail.path("phases").get(0).path("prompt").asText()).isEqualTo("Plan {{goal}} for $ARGUMENTS");
        assertThat(detail.path("phases").get(0).path("timeoutSeconds").asInt()).as("from the front matter").isEqualTo(60);

        var again = syn.run("workflow", "create", "pkg-ok");
        assertThat(again.exitCode()).as("the id exists: conflict " + again).isEqualTo(6);
        assertThat(again.err()).startsWith("error: ").contains("already-exists");
    }

    @Test
    void invalidDefinitionsArePrintedAsLocatedProblemsAndExitOne() throws Exception {
        Path file = work.resolve("broken.yaml");
        Files.writeString(file, """
                id: broken
                name: Broken
                phases:
                  - id: a
                    colour: red
                    prompt_template: hi
                  - id: b
                    execution_type: paralel
                    prompt_template: there
                """);
        var invalid = syn.run("workflow", "validate", "broken.yaml");
        assertThat(invalid.exitCode()).as(invalid.toString()).isEqualTo(1);
        assertThat(invalid.out()).contains("broken.yaml:5:5: phases[0].colour: ")
                .containsPattern("broken.yaml:8:\\d+: phases\\[1]\\.execution_type: .*\\(allowed: sequential, parallel, approval\\)");
        assertThat(invalid.err()).contains("invalid: 2 problem(s)");

        var create = syn.run("workflow", "create", "broken.yaml");
        assertThat(create.exitCode()).as(create.toString()).isEqualTo(1);
        assertThat(create.err()).contains("broken.yaml:5:5: phases[0].colour: ").contains("error: invalid workflow definition");

        var json = syn.run("--json", "workflow", "validate", "broken.yaml");
        assertThat(json.exitCode()).isEqualTo(1);
        JsonNode answer = JSON.readTree(json.out());
        assertThat(answer.path("valid").asBoolean()).isFalse();
        assertThat(answer.path("problems").get(0).path("file").asText()).isEqualTo("broken.yaml");
    }

    @Test
    void problemsOfAnInlinedPackageAreLocatedInTheFilesTheUserWrote() throws Exception {
        Path pkg = Files.createDirectories(work.resolve("pkg-bad"));
        Files.writeString(pkg.resolve("workflow.yaml"), """
                id: bad-package
                name: Bad package
                phases:
                  - id: one
                    prompt_file: one.md
                  - id: two
                    execution_type: paralel
                    prompt_file: two.md
                """);
        Files.writeString(pkg.resolve("one.md"), "---\nmodel: opus\nmax_turns: 0\n---\nDo one\n");
        Files.writeString(pkg.resolve("two.md"), "Do {{nothing}}\n");
        var invalid = syn.run("workflow", "validate", "pkg-bad");
        assertThat(invalid.exitCode()).as(invalid.toString()).isEqualTo(1);
        assertThat(invalid.out())
                .contains("pkg-bad/one.md:3:12: phases[0].max_turns: ")
                .containsPattern("pkg-bad/workflow.yaml:7:\\d+: phases\\[1]\\.execution_type: ")
                .contains("pkg-bad/two.md:1:1: phases[1].prompt_template: ");

        Files.writeString(pkg.resolve("two.md"), "---\norder: 3\n---\nDo two\n");
        Files.writeString(pkg.resolve("workflow.yaml"), Files.readString(pkg.resolve("workflow.yaml"))
                .replace("paralel", "parallel").replace("one.md", "../outside.md"));
        var local = syn.run("workflow", "validate", "pkg-bad");
        assertThat(local.exitCode()).as(local.toString()).isEqualTo(1);
        assertThat(local.err())
                .contains("pkg-bad/workflow.yaml:5:18: phases[0].prompt_file: '../outside.md' leaves the package directory")
                .contains("pkg-bad/two.md:2:1: phases[1].order: may not be set in front matter");
    }

    // ---- runs, executions, artifacts ----

    @Test
    void aRunWithInputsCompletesAndItsArtifactIsPrinted() throws Exception {
        createWorkflow("id: echo\nname: Echo\ninputs:\n  - name: goal\n    required: true\nphases:\n"
                + phase("say", "cat > artifacts/output/said.md", "goal {{goal}} task $ARGUMENTS"));
        var run = syn.run("workflow", "run", "echo", "--task", "the task", "--input", "goal=speed");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        String execution = run.out().replaceAll("(?s).*started execution (\\S+).*", "$1");
        awaitStatus(execution, "COMPLETED");

        var show = syn.run("execution", "show", execution);
        assertThat(show.exitCode()).as(show.toString()).isZero();
        assertThat(show.out()).contains("COMPLETED").contains("goal=speed").contains("[####################] 1/1")
                .containsPattern("(?m)^1\\s+say\\s+COMPLETED\\s+1\\s");

        var list = syn.run("execution", "list", "--workflow", "echo", "--status", "completed");
        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(list.out()).contains(execution);

        var artifacts = syn.run("--json", "artifact", "list", "--execution", execution);
        assertThat(artifacts.exitCode()).as(artifacts.toString()).isZero();
        String artifact = JSON.readTree(artifacts.out()).path("items").get(0).path("artifactId").asText();
        assertThat(syn.run("artifact", "list", "--execution", execution).out()).contains(artifact).contains("say");
        assertThat(syn.run("artifact", "show", artifact).out()).contains(execution);

        var content = syn.run("artifact", "content", artifact);
        assertThat(content.exitCode()).as(content.toString()).isZero();
        assertThat(content.out()).isEqualTo("goal speed task the task");
        var saved = syn.run("artifact", "content", artifact, "-o", "saved.md");
        assertThat(saved.exitCode()).as(saved.toString()).isZero();
        assertThat(Files.readString(work.resolve("saved.md"))).isEqualTo("goal speed task the task");

        var missingInput = syn.run("workflow", "run", "echo", "--task", "t");
        assertThat(missingInput.exitCode()).as(missingInput.toString()).isEqualTo(1);
        assertThat(missingInput.err()).startsWith("error: ").contains("goal");
    }

    @Test
    void listsPageWithLimitCursorAndAll() throws Exception {
        for (int i = 0; i < 3; i++) {
            createWorkflow("id: paged-" + i + "\nname: Paged " + i + "\nphases:\n  - id: a\n    prompt_template: x\n");
        }
        var first = syn.run("workflow", "list", "--name", "Paged", "--limit", "2");
        assertThat(first.out()).contains("paged-0").contains("paged-1").doesNotContain("paged-2").contains("(more: --cursor 2");
        var second = syn.run("workflow", "list", "--name", "Paged", "--limit", "2", "--cursor", "2");
        assertThat(second.out()).contains("paged-2").doesNotContain("paged-0").doesNotContain("more:");
        var all = syn.run("--json", "workflow", "list", "--name", "Paged", "--all", "--limit", "1");
        assertThat(JSON.readTree(all.out()).path("items")).hasSize(3);
    }

    // ---- control ----

    @Test
    void pauseResumeAndARefusedControlWithTheServersReason() throws Exception {
        createWorkflow("id: slow\nname: Slow\nphases:\n"
                // long enough that the pause is still pending when a CLI process on a loaded machine prints it
                + phase("slow", "sleep 5; echo slow > artifacts/output/slow.md", "go")
                + phase("after", "echo after > artifacts/output/after.md", "go"));
        String execution = startRun("slow");
        awaitDetail(execution, d -> d.path("phases").get(0).path("status").asText().equals("RUNNING"), "slow running");

        var pause = syn.run("control", "pause", execution, "--reason", "look");
        assertThat(pause.exitCode()).as(pause.toString()).isZero();
        assertThat(pause.out()).contains("pause: accepted").contains("pause requested: look");
        awaitStatus(execution, "PAUSED");

        var again = syn.run("control", "pause", execution);
        assertThat(again.exitCode()).as(again.toString()).isEqualTo(6);
        assertThat(again.err()).contains("error: ").contains("while it is PAUSED").contains("illegal-transition");

        var status = syn.run("control", "status", execution);
        assertThat(status.out()).contains("PAUSED").contains("resume");

        var resume = syn.run("control", "resume", execution);
        assertThat(resume.exitCode()).as(resume.toString()).isZero();
        assertThat(resume.out()).doesNotContain("status     PAUSED");
        awaitStatus(execution, "COMPLETED");
    }

    @Test
    void cancelStopsARun() throws Exception {
        createWorkflow("id: endless\nname: Endless\nphases:\n" + phase("endless", "sleep 300", "go"));
        String execution = startRun("endless");
        awaitDetail(execution, d -> d.path("phases").get(0).path("status").asText().equals("RUNNING"), "running");
        var cancel = syn.run("control", "cancel", execution, "--reason", "enough");
        assertThat(cancel.exitCode()).as(cancel.toString()).isZero();
        JsonNode detail = awaitStatus(execution, "CANCELLED");
        assertThat(detail.path("cancelReason").asText()).isEqualTo("enough");
        var retryCancelled = syn.run("control", "cancel", execution);
        assertThat(retryCancelled.exitCode()).as(retryCancelled.toString()).isEqualTo(6);
    }

    @Test
    void anApprovalPhaseIsApprovedFromTheCommandLine() throws Exception {
        createWorkflow("id: gated\nname: Gated\nphases:\n"
                + phase("plan", "echo plan > artifacts/output/plan.md", "plan")
                + "  - id: gate\n    execution_type: approval\n    prompt_template: Approve?\n"
                + phase("ship", "echo ship > artifacts/output/ship.md", "ship"));
        String execution = startRun("gated");
        awaitStatus(execution, "PAUSED");
        var resume = syn.run("control", "resume", execution);
        assertThat(resume.exitCode()).as(resume.toString()).isEqualTo(6);
        assertThat(resume.err()).contains("approve or reject it");
        var approve = syn.run("control", "approve", execution, "gate", "--comment", "ok");
        assertThat(approve.exitCode()).as(approve.toString()).isZero();
        awaitStatus(execution, "COMPLETED");

        String rejected = startRun("gated");
        awaitStatus(rejected, "PAUSED");
        var reject = syn.run("control", "reject", rejected, "gate", "--reason", "too risky");
        assertThat(reject.exitCode()).as(reject.toString()).isZero();
        assertThat(awaitStatus(rejected, "FAILED").path("error").asText()).startsWith("phase 'gate' was rejected").endsWith(": too risky");
    }

    // ---- errors ----

    @Test
    void unknownIdsExitFive() {
        var missing = syn.run("execution", "show", "nope");
        assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(5);
        assertThat(missing.err()).isEqualTo("error: execution 'nope' does not exist (https://syntropic137.dev/problems/not-found)\n");
        assertThat(syn.run("artifact", "content", "nope").exitCode()).isEqualTo(5);
        assertThat(syn.run("control", "approve", "nope", "gate").exitCode()).isEqualTo(5);
    }

    @Test
    void anUnreachableServerExitsThreeNamingTheAddressAndHowToStartOne() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        var result = syn.run("--server", "http://127.0.0.1:" + closedPort, "workflow", "list");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
        assertThat(result.err()).contains("http://127.0.0.1:" + closedPort).contains("./syn serve").contains("connection refused");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(syn.run("workflow", "run", "x").exitCode()).as("--task is required").isEqualTo(2);
        assertThat(syn.run("frobnicate").exitCode()).isEqualTo(2);
        assertThat(syn.run("control").exitCode()).isEqualTo(2);
    }

    @Test
    void healthVersionAndCompletion() throws Exception {
        var health = syn.run("health");
        assertThat(health.exitCode()).as(health.toString()).isZero();
        assertThat(health.out()).contains(base).contains("store    sqlite up").contains("telemetry up; 0 held of 100000 (0.0%), 0 stored, 0 dropped");
        assertThat(JSON.readTree(syn.run("health", "--json").out()).path("parts").has("engine")).isTrue();
        assertThat(syn.run("version").out()).startsWith("syn ");
        var completion = syn.run("completion");
        assertThat(completion.exitCode()).isZero();
        assertThat(completion.out()).contains("complete -F").contains("workflow").contains("execution");
    }

    // ---- helpers ----

    private static String phase(String id, String command, String prompt) {
        return "  - id: " + id + "\n    agent: command\n    timeout_seconds: 60\n    command: [sh, -c, '" + command + "']\n"
                + "    prompt_template: \"" + prompt + "\"\n";
    }

    private static void createWorkflow(String yaml) throws IOException {
        Path file = Files.createTempFile(work, "wf", ".yaml");
        Files.writeString(file, yaml);
        var created = syn.run("workflow", "create", file.toString());
        assertThat(created.exitCode()).as(created.toString()).isZero();
    }

    private static String startRun(String workflow) {
        var run = syn.run("--json", "workflow", "run", workflow, "--task", "t");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        try {
            return JSON.readTree(run.out()).path("execution_id").asText();
        } catch (IOException e) {
            throw new AssertionError("run --json did not print JSON: " + run, e);
        }
    }

    private static JsonNode awaitStatus(String execution, String status) throws Exception {
        return awaitDetail(execution, d -> d.path("summary").path("status").asText().equals(status), status);
    }

    /** Polls the server directly (not through the CLI: a process per poll would be slow). */
    private static JsonNode awaitDetail(String execution, Predicate<JsonNode> done, String what) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + WAIT.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/api/executions/" + execution))
                    .build(), HttpResponse.BodyHandlers.ofString());
            last = response.statusCode() + " " + response.body();
            if (response.statusCode() == 200) {
                JsonNode detail = JSON.readTree(response.body());
                if (done.test(detail)) {
                    return detail;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("execution " + execution + " never reached " + what + "; last: " + last);
    }
}
