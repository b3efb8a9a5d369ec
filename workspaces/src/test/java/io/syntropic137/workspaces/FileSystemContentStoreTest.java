package io.syntropic137.workspaces;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.FileNotFoundException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileSystemContentStoreTest {
    @TempDir
    Path dir;

    @Test
    void contentRoundTripsByHashAndUriUnderTheShardedPath() throws Exception {
        var store = new FileSystemContentStore(dir);
        byte[] bytes = "hello artifacts".getBytes(StandardCharsets.UTF_8);
        var stored = store.put(bytes);

        // sha256sum of the same bytes
        assertThat(stored.sha256()).isEqualTo("fe6ad633adbe0867d26cd0620978e74f605dc53d853cee4ff111b11a54ee4954");
        assertThat(stored.sizeBytes()).isEqualTo(bytes.length);
        Path expected = dir.toRealPath().resolve("sha256").resolve(stored.sha256().substring(0, 2)).resolve(stored.sha256().substring(2));
        assertThat(Path.of(URI.create(stored.uri()))).isEqualTo(expected);
        try (InputStream in = store.open(stored.sha256())) {
            assertThat(in.readAllBytes()).isEqualTo(bytes);
        }
        Path file = Files.write(dir.resolve("from-file.bin"), new byte[]{1, 2, 3});
        var fromFile = store.put(file);
        try (InputStream in = store.open(fromFile.sha256())) {
            assertThat(in.readAllBytes()).containsExactly(1, 2, 3);
        }
    }

    @Test
    void contentLargerThanTheCopyBufferIsStoredWhole() throws Exception {
        var store = new FileSystemContentStore(dir);
        byte[] bytes = new byte[100_003]; // several buffers and a partial one
        new java.util.Random(7).nextBytes(bytes);
        var fromBytes = store.put(bytes);
        var fromFile = store.put(Files.write(dir.resolve("big.bin"), bytes));
        assertThat(fromFile).isEqualTo(fromBytes);
        assertThat(fromBytes.sizeBytes()).isEqualTo(bytes.length);
        assertThat(fromBytes.sha256()).isEqualTo(java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest(bytes)));
        try (InputStream in = store.open(fromBytes.sha256())) {
            assertThat(in.readAllBytes()).isEqualTo(bytes);
        }
    }

    @Test
    void theSameContentIsStoredOnceAndNoTemporaryFilesRemain() throws Exception {
        var store = new FileSystemContentStore(dir);
        var first = store.put("same".getBytes(StandardCharsets.UTF_8));
        var second = store.put(Files.writeString(dir.resolve("same.txt"), "same"));
        assertThat(second).isEqualTo(first);
        try (var files = Files.walk(dir.resolve("sha256"))) {
            assertThat(files.filter(Files::isRegularFile)).hasSize(1);
        }
        try (var incoming = Files.list(dir.resolve("incoming"))) {
            assertThat(incoming).isEmpty();
        }
    }

    @Test
    void unknownOrMalformedHashesFailClearly() throws Exception {
        var store = new FileSystemContentStore(dir);
        String unknown = "0".repeat(64);
        assertThatThrownBy(() -> store.open(unknown)).isInstanceOf(FileNotFoundException.class)
                .hasMessageContaining("no content with SHA-256 " + unknown);
        assertThatThrownBy(() -> store.open("../etc/passwd")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a SHA-256");
    }
}
