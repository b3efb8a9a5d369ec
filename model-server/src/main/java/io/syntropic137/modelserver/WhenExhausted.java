package io.syntropic137.modelserver;

import java.util.Objects;

/** The answer to requests that arrive after a script's last turn: never silence, never a hang. */
public sealed interface WhenExhausted {

    /** A final text reply with stop reason {@code end_turn}, so an agent loop ends cleanly. */
    record FinalText(String text) implements WhenExhausted {
        public FinalText {
            Objects.requireNonNull(text, "text");
        }
    }

    /** An HTTP error, so a test sees at once that the agent asked for more than the script holds. */
    record Error(int status, String message) implements WhenExhausted {
        public Error {
            if (status < 400 || status > 599) throw new IllegalArgumentException("status must be 4xx or 5xx");
            Objects.requireNonNull(message, "message");
        }
    }

    String DEFAULT_TEXT = "The script has no more turns.";

    WhenExhausted DEFAULT = new FinalText(DEFAULT_TEXT);
}
