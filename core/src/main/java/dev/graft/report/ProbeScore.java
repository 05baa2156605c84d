package dev.graft.report;

/**
 * One row of {@code probes.csv} as the report reads it: a probe's R² for a condition and seed at a
 * step and layer, and whether it was scored on the final probe set ({@code set = final}) rather
 * than the probe set used during training.
 */
public record ProbeScore(String condition, long seed, long step, int layer, String probe, double r2, boolean finalSet) {
}
