package io.syntropic137.observability;

import java.util.List;
import java.util.Optional;

/** One page of recent events, newest first; {@code next} is present when there are older events. */
public record RecentPage(List<TelemetryEvent> events, Optional<Cursor> next) {
}
