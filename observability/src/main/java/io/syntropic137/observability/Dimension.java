package io.syntropic137.observability;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What a usage/cost report is grouped by. {@link #REPO} reads {@code data.repo} of the token_usage and
 * session_summary events (the runtime sets it from the workspace's repository); {@link #TOOL} splits each API
 * message's tokens equally over the tools that message called ({@code data.tools}), messages calling none
 * under {@code "(no tool)"}; {@link #DAY} is the UTC day of the event.
 */
public enum Dimension {
    SESSION, EXECUTION, PHASE, MODEL, TOOL, REPO, DAY;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Dimension> fromWireName(String name) {
        return Arrays.stream(values()).filter(d -> d.wireName().equals(name)).findFirst();
    }
}
