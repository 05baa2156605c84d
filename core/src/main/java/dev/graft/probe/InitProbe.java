package dev.graft.probe;

import java.util.List;

/**
 * The initialisation control of one initial model ({@link ProbeSession#init}): {@code <label>@init} rows
 * at step 0, for the periodic and the final sets, not yet tied to a condition.
 *
 * @param rows the fits, with an empty condition and seed 0
 */
public record InitProbe(List<ProbeRow> rows) {

    public InitProbe {
        rows = List.copyOf(rows);
    }

    /** The rows as a condition starting from these weights writes them to probes.csv. */
    public List<ProbeRow> rowsFor(String condition, long seed) {
        return rows.stream().map(r -> r.forRun(condition, seed)).toList();
    }
}
