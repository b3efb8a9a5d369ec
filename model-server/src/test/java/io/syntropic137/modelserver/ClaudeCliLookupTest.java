package io.syntropic137.modelserver;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A machine without the CLI must fail the CLI tests with directions, never skip them. */
class ClaudeCliLookupTest {

    @Test
    void aPathWithoutClaudeFailsNamingTheSetupScript(@TempDir Path empty) {
        assertThatThrownBy(() -> ClaudeCli.executable(empty + File.pathSeparator + empty.resolve("missing")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("scripts/setup-test-env")
                .hasMessageContaining("@anthropic-ai/claude-code@" + ClaudeCli.PINNED_VERSION);
    }

    @Test
    void theFirstExecutableClaudeOnThePathIsUsed(@TempDir Path dir) throws Exception {
        Path notExecutable = Files.createDirectory(dir.resolve("a"));
        Files.writeString(notExecutable.resolve("claude"), "");
        Path bin = Files.createDirectory(dir.resolve("b"));
        Path claude = Files.writeString(bin.resolve("claude"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(claude, PosixFilePermissions.fromString("rwxr-xr-x"));

        assertThat(ClaudeCli.executable(notExecutable + File.pathSeparator + bin)).isEqualTo(claude);
    }
}
