package io.syntropic137.workspaces;

import io.syntropic137.engine.port.ContentStore;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Content-addressed files: {@code <dir>/sha256/ab/cdef...} (the first two hex digits as a fan-out directory).
 * A put writes to a temporary file while hashing; new content is fsynced, moved atomically into place and its
 * directory fsynced, so content whose put returned survives a crash (an event may reference it from then on); the
 * temporary copy of content already stored is deleted unsynced.
 */
public final class FileSystemContentStore implements ContentStore {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final Path root;
    private final Path incoming;
    /** Fan-out directories whose entry in the root is known to be on disk. */
    private final java.util.Set<String> durableFanOuts = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public FileSystemContentStore(Path dir) throws IOException {
        this.root = Files.createDirectories(dir.resolve("sha256")).toRealPath();
        this.incoming = Files.createDirectories(dir.resolve("incoming")).toRealPath();
    }

    @Override
    public StoredContent put(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return store(in, Files.size(file));
        }
    }

    @Override
    public StoredContent put(byte[] content) throws IOException {
        return store(new java.io.ByteArrayInputStream(content), content.length);
    }

    @Override
    public InputStream open(String sha256) throws IOException {
        if (sha256 == null || !SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("not a SHA-256 in lower-case hex: " + sha256);
        }
        try {
            return Files.newInputStream(pathOf(sha256));
        } catch (NoSuchFileException e) {
            throw new FileNotFoundException("no content with SHA-256 " + sha256 + " in " + root);
        }
    }

    /** @param expectedSize the content's size if known in advance: artifacts are mostly small, so is the copy buffer */
    private StoredContent store(InputStream in, long expectedSize) throws IOException {
        Path temp = Files.createTempFile(incoming, "put-", ".tmp");
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            MessageDigest digest = sha256();
            OutputStream out = new DigestOutputStream(java.nio.channels.Channels.newOutputStream(channel), digest);
            long size = copy(in, out, (int) Math.clamp(expectedSize + 1, 512, COPY_BUFFER));
            out.flush();
            String hash = HexFormat.of().formatHex(digest.digest());
            Path target = pathOf(hash);
            if (!Files.exists(target)) {
                // only content that is kept needs to reach the disk; a duplicate's temporary file is just deleted
                channel.force(true);
                Path fanOut = target.getParent();
                Files.createDirectories(fanOut);
                try {
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (FileAlreadyExistsException raced) {
                    // another put of the same content won the race: same bytes, nothing to do
                }
                syncDirectory(fanOut);
                String fanOutName = fanOut.getFileName().toString();
                if (!durableFanOuts.contains(fanOutName)) {
                    // the fan-out directory's own entry in the root may not be on disk yet (this put or a concurrent
                    // one created it); once synced by anyone it stays, so at most 256 root syncs per process
                    syncDirectory(root);
                    durableFanOuts.add(fanOutName);
                }
            }
            return new StoredContent(hash, size, target.toUri().toString());
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** The largest copy buffer; InputStream.transferTo always takes 16 KB, per artifact stored. */
    private static final int COPY_BUFFER = 16 * 1024;

    private static long copy(InputStream in, OutputStream out, int bufferSize) throws IOException {
        byte[] buffer = new byte[bufferSize];
        long total = 0;
        for (int read; (read = in.read(buffer)) >= 0; ) {
            out.write(buffer, 0, read);
            total += read;
        }
        return total;
    }

    private Path pathOf(String sha256) {
        return root.resolve(sha256.substring(0, 2)).resolve(sha256.substring(2));
    }

    /** Makes a rename in {@code dir} durable: without this a crash could forget the new directory entry. */
    private static void syncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
