package dev.graft.spi;

/** Reads targets out of activations and scores how well on held-out rows. */
public interface Probe {

    /**
     * @param activations [n][d] activations (one row per position)
     * @param targets     [n][k] targets
     * @param seed        seed of the train/held-out split
     */
    ProbeResult fit(float[][] activations, float[][] targets, long seed);

    /** @param score the headline score (e.g. mean R² over outputs); @param perOutput one score per target column */
    record ProbeResult(double score, double[] perOutput) {
    }
}
