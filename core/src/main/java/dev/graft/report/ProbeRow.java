package dev.graft.report;

/** One row of {@code probes.csv}: a probe's R² for a condition and seed at a step and layer. */
public record ProbeRow(String condition, long seed, long step, int layer, String probe, double r2) {
}
