package io.syntropic137.workflows;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads prompt files from a workflow package: Markdown, optionally opened by YAML front matter between two
 * {@code ---} lines. A prompt file must stay inside the package directory, also after following symbolic
 * links, so a workflow shared as a package cannot make the server read, say, {@code ~/.ssh} into a prompt.
 */
final class PromptFiles {

    /** A prompt file's body and front matter; {@code bodyLine} is the file line the body text starts on. */
    record PromptFile(String file, String body, int bodyLine, Node.MapNode frontMatter) {
    }

    private final Path root;

    /** @param packageDirectory the real path of the package, or null when the definition came as bare text */
    PromptFiles(Path packageDirectory) {
        this.root = packageDirectory;
    }

    /** Reports what is wrong with the reference or the file and returns null, or returns the file. */
    PromptFile read(String written, Location at, String field, List<Problem> problems) {
        String allowed = "a path relative to the workflow package directory, inside it";
        if (root == null) {
            problems.add(new Problem(at, field, "prompt_file needs a workflow package directory; this definition "
                    + "came without one", "prompt_template with the prompt text inline"));
            return null;
        }
        Path candidate;
        try {
            Path relative = Path.of(written);
            if (relative.isAbsolute() || written.startsWith("/") || written.startsWith("\\")
                    || written.matches("^[A-Za-z]:.*")) {
                problems.add(new Problem(at, field, "'" + written + "' is an absolute path", allowed));
                return null;
            }
            candidate = root.resolve(relative).normalize();
        } catch (InvalidPathException e) {
            problems.add(new Problem(at, field, "'" + written + "' is not a valid path: " + e.getReason(), allowed));
            return null;
        }
        if (!candidate.startsWith(root)) {
            problems.add(new Problem(at, field, "'" + written + "' leaves the workflow package directory", allowed));
            return null;
        }
        if (!Files.exists(candidate)) {
            problems.add(new Problem(at, field, "no file '" + written + "' in the workflow package " + root,
                    "an existing file in the package"));
            return null;
        }
        try {
            Path real = candidate.toRealPath();
            if (!real.startsWith(root)) {
                problems.add(new Problem(at, field, "'" + written + "' is a symbolic link to " + real
                        + ", outside the workflow package directory", allowed));
                return null;
            }
            if (!Files.isRegularFile(real)) {
                problems.add(new Problem(at, field, "'" + written + "' is not a regular file", "a Markdown file"));
                return null;
            }
            String text = decode(Files.readAllBytes(real));
            return split(root.relativize(candidate).toString().replace('\\', '/'), text, problems);
        } catch (CharacterCodingException e) {
            problems.add(new Problem(at, field, "'" + written + "' is not UTF-8 text", "a UTF-8 Markdown file"));
            return null;
        } catch (IOException e) {
            problems.add(new Problem(at, field, "cannot read '" + written + "': " + e, null));
            return null;
        }
    }

    private static String decode(byte[] bytes) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
    }

    /** Splits front matter from the body; the body loses its leading blank lines and trailing whitespace. */
    static PromptFile split(String file, String rawText, List<Problem> problems) {
        String text = rawText.replace("\r\n", "\n");
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        Node.MapNode frontMatter = null;
        int bodyLine = 1;
        String body = text;
        if (text.startsWith("---\n") || text.equals("---")) {
            String[] lines = text.split("\n", -1);
            int closing = -1;
            for (int i = 1; i < lines.length; i++) {
                if (lines[i].stripTrailing().equals("---")) {
                    closing = i;
                    break;
                }
            }
            if (closing < 0) {
                problems.add(new Problem(new Location(file, 1, 1), "", "the front matter opened on line 1 is "
                        + "never closed", "a line '---' after the front matter"));
                return null;
            }
            String front = String.join("\n", List.of(lines).subList(1, closing));
            frontMatter = frontMatter(file, front, problems);
            body = String.join("\n", List.of(lines).subList(closing + 1, lines.length));
            bodyLine = closing + 2;
        }
        while (body.startsWith("\n")) {
            body = body.substring(1);
            bodyLine++;
        }
        return new PromptFile(file, body.stripTrailing(), bodyLine, frontMatter);
    }

    private static Node.MapNode frontMatter(String file, String front, List<Problem> problems) {
        if (front.isBlank()) {
            return null;
        }
        NodeReader.Read read = NodeReader.read(front, file, 1, false);
        problems.addAll(read.problems());
        if (read.root() == null) {
            return null;
        }
        if (read.root() instanceof Node.MapNode map) {
            return map;
        }
        problems.add(new Problem(read.root().location(), "", "front matter must be a mapping, got "
                + read.root().kindName(), "keys such as model, allowed_tools, max_turns"));
        return null;
    }

    /** The file position of {@code offset} in a text that starts at column 1 of {@code firstLine}. */
    static Location locate(String file, int firstLine, String text, int offset) {
        int line = firstLine;
        int lineStart = 0;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new Location(file, line, offset - lineStart + 1);
    }
}
