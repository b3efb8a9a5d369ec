package io.syntropic137.observability;

import java.util.List;

/** What a retention run removed: partition names (PostgreSQL) and/or a row count (SQLite, -1 when unknown). */
public record RetentionResult(List<String> droppedPartitions, long deletedRows) {
}
