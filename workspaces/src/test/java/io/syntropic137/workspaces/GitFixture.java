package io.syntropic137.workspaces;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A local bare repository reached through file://: branch main with README.md, branch feature adding FEATURE.md. */
final class GitFixture {
    private GitFixture() {
    }

    static String bareRepository(Path dir) throws IOException, InterruptedException {
        Path bare = dir.resolve("origin.git");
        Path work = dir.resolve("work");
        git(dir, "init", "--quiet", "--bare", "--initial-branch=main", bare.toString());
        git(dir, "init", "--quiet", "--initial-branch=main", work.toString());
        Files.writeString(work.resolve("README.md"), "main branch\n");
        git(work, "add", "README.md");
        git(work, "commit", "--quiet", "-m", "first");
        git(work, "checkout", "--quiet", "-b", "feature");
        Files.writeString(work.resolve("FEATURE.md"), "only on feature\n");
        git(work, "add", "FEATURE.md");
        git(work, "commit", "--quiet", "-m", "feature");
        git(work, "push", "--quiet", bare.toUri().toString(), "main", "feature");
        return bare.toUri().toString();
    }

    static void git(Path cwd, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git", "-c", "user.name=test", "-c", "user.email=test@example.com"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }
}
