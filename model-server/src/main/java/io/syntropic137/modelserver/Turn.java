package io.syntropic137.modelserver;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** One step of a {@link Script}: either an assistant reply or an injected fault. */
public sealed interface Turn {

    /**
     * When present, this turn is served only to a request whose last user message (its text and tool results)
     * contains this substring; turns that do not match are passed over.
     */
    Optional<String> match();

    /**
     * A complete assistant message.
     *
     * @param model         the model id to report; empty = echo the request's {@code model}
     * @param chunkDelayMs  pause before each streamed event, to make streams observable or slow
     */
    record Reply(Optional<String> match, List<ContentBlock> content, String stopReason, Usage usage,
                 Optional<String> model, long chunkDelayMs) implements Turn {
        public Reply {
            Objects.requireNonNull(match, "match");
            content = List.copyOf(content);
            Objects.requireNonNull(stopReason, "stopReason");
            Objects.requireNonNull(usage, "usage");
            Objects.requireNonNull(model, "model");
            if (chunkDelayMs < 0) throw new IllegalArgumentException("chunkDelayMs < 0");
        }
    }

    /**
     * A fault answered {@code times} times in a row (so a client's retries meet it again), after which the
     * script moves on to the next turn.
     */
    record Fault(Optional<String> match, FaultAction action, int times) implements Turn {
        public Fault {
            Objects.requireNonNull(match, "match");
            Objects.requireNonNull(action, "action");
            if (times < 1) throw new IllegalArgumentException("times must be >= 1");
        }
    }
}
