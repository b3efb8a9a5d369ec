package io.syntropic137.projections;

/**
 * Physical table names of one generation of a projection. Each rebuild writes a new generation into its own
 * tables, so queries keep reading the old generation until the new one has caught up and is swapped in.
 */
public record ProjectionTables(String projection, long generation) {

    /** The physical name of a logical table, e.g. {@code execution_list} → {@code rm_execution_list_g3}. */
    public String of(String logicalTable) {
        return "rm_" + logicalTable + "_g" + generation;
    }
}
