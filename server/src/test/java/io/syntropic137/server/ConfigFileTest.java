package io.syntropic137.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigFileTest {
    @Test
    void theFileSuppliesSettingsAndTheEnvironmentWins(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("syn.conf");
        Files.writeString(file, "# the team's settings\nSYN_PORT=9001\nSYN_MAX_CONCURRENT_EXECUTIONS=8\n");
        Map<String, String> merged = ConfigFile.withEnvironment(Map.of("SYN_CONFIG_FILE", file.toString(), "SYN_PORT", "9002"));
        assertThat(merged).containsEntry("SYN_PORT", "9002").containsEntry("SYN_MAX_CONCURRENT_EXECUTIONS", "8");
        assertThat(ServerConfig.fromEnvironment(merged).port()).isEqualTo(9002);
        assertThat(EngineSettings.fromEnvironment(merged).engine().maxConcurrentExecutions()).isEqualTo(8);
    }

    @Test
    void badFilesAreRefusedByName(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("syn.conf");
        Files.writeString(file, "ANTHROPIC_API_KEY=sk-no\nSYN_TOKEN=x\n");
        assertThatThrownBy(() -> ConfigFile.withEnvironment(Map.of("SYN_CONFIG_FILE", file.toString())))
                .hasMessageContaining("ANTHROPIC_API_KEY is not a setting this file may hold")
                .hasMessageContaining("SYN_TOKEN is a client's secret");
        assertThatThrownBy(() -> ConfigFile.withEnvironment(Map.of("SYN_CONFIG_FILE", dir.resolve("missing").toString())))
                .hasMessageContaining("is not a file");
        // no file anywhere: the environment as it is
        Map<String, String> env = Map.of("XDG_CONFIG_HOME", dir.resolve("none").toString(), "SYN_PORT", "1");
        assertThat(ConfigFile.withEnvironment(env)).isEqualTo(env);
    }
}
