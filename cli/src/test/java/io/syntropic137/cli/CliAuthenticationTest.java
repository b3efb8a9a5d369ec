package io.syntropic137.cli;

import io.syntropic137.server.Main;
import io.syntropic137.server.Server;
import io.syntropic137.server.ServerConfig;
import io.syntropic137.server.auth.TokenAdmin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The CLI, run as a process, against a real server that requires API tokens. */
class CliAuthenticationTest {
    @Test
    void sendsSynTokenOrTheOptionAndExitsSevenWithoutAValidToken(@TempDir Path dataDir, @TempDir Path work) {
        Map<String, String> env = Map.of("SYN_DATA_DIR", dataDir.toString(), "SYN_PORT", "0", "SYN_AUTH", "required");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int created = TokenAdmin.run(List.of("create", "--name", "cli-test"), env,
                new PrintStream(printed, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()));
        assertThat(created).isZero();
        String token = printed.toString(StandardCharsets.UTF_8).strip();

        try (Server server = Main.start(ServerConfig.fromEnvironment(env))) {
            String base = "http://127.0.0.1:" + server.port();

            var withToken = new CliProcess(base, work, Map.of("SYN_TOKEN", token)).run("workflow", "list");
            assertThat(withToken.exitCode()).as(withToken.toString()).isZero();

            var withOption = new CliProcess(base, work).run("execution", "list", "--token", token);
            assertThat(withOption.exitCode()).as(withOption.toString()).isZero();

            var without = new CliProcess(base, work).run("workflow", "list");
            assertThat(without.exitCode()).as(without.toString()).isEqualTo(ExitCodes.UNAUTHORIZED).isEqualTo(7);
            assertThat(without.err()).contains("SYN_TOKEN", "./syn token create", "requires an API token");

            var wrong = new CliProcess(base, work, Map.of("SYN_TOKEN", "syn_not-a-token")).run("execution", "watch", "nothing");
            assertThat(wrong.exitCode()).as(wrong.toString()).isEqualTo(7);
            assertThat(wrong.err()).contains("not valid", "SYN_TOKEN");

            // health is open: a monitor needs no token
            assertThat(new CliProcess(base, work).run("health").exitCode()).isZero();
        }
    }
}
