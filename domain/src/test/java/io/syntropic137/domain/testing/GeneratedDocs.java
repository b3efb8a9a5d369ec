package io.syntropic137.domain.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Files under docs/ that are generated from code. A normal test run compares the committed file with what
 * the code generates now and fails on any difference; {@code -Dsyn.docs.write=true} rewrites the file.
 */
public final class GeneratedDocs {

    public static final String WRITE_PROPERTY = "syn.docs.write";

    public static void check(String relativePath, String generated) {
        Path file = repositoryRoot().resolve(relativePath);
        if (Boolean.getBoolean(WRITE_PROPERTY)) {
            try {
                Files.createDirectories(file.getParent());
                Files.writeString(file, generated, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return;
        }
        if (!Files.exists(file)) {
            fail("%s is missing; generate it with: mvn test -pl domain,application -am -D%s=true", relativePath, WRITE_PROPERTY);
        }
        try {
            assertThat(Files.readString(file, StandardCharsets.UTF_8))
                    .as("%s is out of date with the code; regenerate it with: mvn test -pl domain,application -am -D%s=true",
                            relativePath, WRITE_PROPERTY)
                    .isEqualTo(generated);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The directory of the parent pom, found by walking up from the module the test runs in. */
    public static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path pom = dir.resolve("pom.xml");
            try {
                if (Files.exists(pom) && Files.readString(pom).contains("<artifactId>syntropic137-parent</artifactId>")
                        && Files.isDirectory(dir.resolve("domain"))) {
                    return dir;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("no syntropic137 parent pom above " + Path.of("").toAbsolutePath());
    }

    private GeneratedDocs() {
    }
}
