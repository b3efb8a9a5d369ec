package io.syntropic137.observability;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Real Claude Code output recorded from our own runs (src/test/resources/claude). */
public final class Samples {
    public static List<String> lines(String name) throws IOException {
        try (InputStream in = Samples.class.getResourceAsStream("/claude/" + name)) {
            if (in == null) {
                throw new IllegalStateException("sample " + name + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        }
    }

    private Samples() {
    }
}
