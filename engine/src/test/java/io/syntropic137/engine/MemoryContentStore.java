package io.syntropic137.engine;

import io.syntropic137.engine.port.ContentStore;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Content kept in memory, addressed by SHA-256 like the file-system store; for the engine's logic tests. */
final class MemoryContentStore implements ContentStore {
    private final Map<String, byte[]> blobs = new ConcurrentHashMap<>();

    @Override
    public StoredContent put(Path file) throws IOException {
        return put(Files.readAllBytes(file));
    }

    @Override
    public StoredContent put(byte[] content) {
        try {
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
            blobs.putIfAbsent(sha, content.clone());
            return new StoredContent(sha, content.length, "memory:" + sha);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public InputStream open(String sha256) throws IOException {
        byte[] content = blobs.get(sha256);
        if (content == null) {
            throw new IOException("no content with SHA-256 " + sha256);
        }
        return new ByteArrayInputStream(content);
    }
}
