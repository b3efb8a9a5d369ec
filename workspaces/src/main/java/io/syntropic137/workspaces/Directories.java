package io.syntropic137.workspaces;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;

/** File-system helpers for workspace directories. */
final class Directories {
    private Directories() {
    }

    /**
     * Deletes {@code root} and everything below it. Symbolic links are removed, never followed: an agent may have
     * planted a link to a host directory. Directories an agent made read-only are made writable first.
     */
    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                makeWritable(dir);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
                if (failure != null && !(failure instanceof NoSuchFileException)) {
                    throw failure;
                }
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void makeWritable(Path dir) throws IOException {
        if (!Files.isWritable(dir) || !Files.isExecutable(dir)) {
            try {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            } catch (AccessDeniedException e) {
                throw new AccessDeniedException(dir.toString(), null,
                        "cannot make the workspace directory writable to delete it (owned by another user?)");
            }
        }
    }

    /** {@code relative} resolved under {@code base}; refuses absolute paths and paths that climb out with "..". */
    static Path inside(Path base, String relative, String what) {
        Path candidate = base.resolve(relative).normalize();
        if (relative.isBlank() || Path.of(relative).isAbsolute() || !candidate.startsWith(base.normalize())
                || candidate.equals(base.normalize())) {
            throw new IllegalArgumentException(what + " must be a relative path inside " + base + ", got '" + relative + "'");
        }
        return candidate;
    }
}
