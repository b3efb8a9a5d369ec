package io.syntropic137.engine;

import io.syntropic137.domain.shared.Rejection;

/** Why the engine refused a request: the aggregate's own rejection, or a reason only the engine can see. */
public sealed interface EngineRejection {

    String reason();

    record Refused(Rejection rejection) implements EngineRejection {
        @Override
        public String reason() {
            return rejection.reason();
        }
    }

    /** Other writers kept changing the execution; sending the request again is safe. */
    record Busy(String reason) implements EngineRejection {
    }

    /** The request names something that does not exist or cannot run (e.g. an unknown agent runtime). */
    record Invalid(String field, String reason) implements EngineRejection {
    }
}
