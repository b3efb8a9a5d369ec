package io.syntropic137.engine.port;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/** Where artifact content lives (events carry only its hash, size and address). Content-addressed by SHA-256. */
public interface ContentStore {

    /** Stores the file's bytes; storing the same content twice stores it once. */
    StoredContent put(Path file) throws IOException;

    StoredContent put(byte[] content) throws IOException;

    /** Opens stored content by its SHA-256 (hex). */
    InputStream open(String sha256) throws IOException;

    /** @param uri where the content can be read back, e.g. {@code file:///...} */
    record StoredContent(String sha256, long sizeBytes, String uri) {
    }
}
