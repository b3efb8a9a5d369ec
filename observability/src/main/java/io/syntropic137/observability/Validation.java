package io.syntropic137.observability;

/** What the validator made of one incoming event: a stored-ready event, or the reason it cannot be stored. */
public sealed interface Validation {
    record Valid(TelemetryEvent event) implements Validation {
    }

    record Invalid(Reason reason, String detail) implements Validation {
    }

    /** Stable codes: clients and tests match on these, never on the detail text. */
    enum Reason {
        NOT_AN_OBJECT("not_an_object"),
        UNKNOWN_FIELD("unknown_field"),
        MISSING_TIME("missing_time"),
        BAD_TIME("bad_time"),
        MISSING_TYPE("missing_type"),
        BAD_TYPE("bad_type"),
        BAD_FIELD("bad_field"),
        DATA_NOT_AN_OBJECT("data_not_an_object"),
        MISSING_DATA_FIELD("missing_data_field"),
        BAD_DATA_FIELD("bad_data_field"),
        UNSTORABLE_TEXT("unstorable_text"),
        TOO_LARGE("too_large"),
        ID_MISMATCH("id_mismatch");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    default TelemetryEvent orThrow() {
        return switch (this) {
            case Valid valid -> valid.event();
            case Invalid invalid -> throw new IllegalArgumentException(
                    "invalid telemetry event (" + invalid.reason().code() + "): " + invalid.detail());
        };
    }
}
