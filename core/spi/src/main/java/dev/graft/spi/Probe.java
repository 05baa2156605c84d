package dev.graft.spi;

import java.util.Map;
import java.util.Optional;

/**
 * Reads targets out of activations and scores how well on held-out rows (e.g. ridge regression, R²).
 * The framework owns the split: it draws one held-out mask per probe set, from {@link #heldoutFraction()}
 * and the spec's seed, and passes the same mask to every layer's fit, so the scores of different layers
 * (and of the controls) are over the same rows.
 */
public interface Probe {

    /** The fraction of a probe set's rows held out for scoring, in (0, 1). */
    double heldoutFraction();

    /**
     * How many of {@code n} rows the framework holds out for a fraction: {@code round(fraction·n)},
     * at least 1 and at most n−1.
     */
    static int heldoutRows(int n, double fraction) {
        return (int) Math.max(1, Math.min(n - 1L, Math.round(fraction * n)));
    }

    /**
     * Empty when a fit on {@code trainingRows} rows of {@code features} features, scored on
     * {@code heldoutRows} rows, is meaningful; otherwise a sentence saying why not and what would be.
     */
    default Optional<String> incompatibility(int features, int trainingRows, int heldoutRows) {
        return Optional.empty();
    }

    /**
     * Fits on the rows where {@code heldout} is false and scores on the rows where it is true.
     *
     * @param activations [n][d] activations, one row per position
     * @param targets     [n][k] targets
     * @param heldout     [n] true for the rows that are scored and never fitted
     */
    ProbeResult fit(float[][] activations, float[][] targets, boolean[] heldout);

    /**
     * @param score     the headline score (e.g. R² averaged uniformly over outputs)
     * @param perOutput one score per target column
     * @param info           facts about the fit worth recording (e.g. the candidates cross-validation
     *                       tried); values are numbers, strings or booleans
     * @param regularisation the regularisation strength the fit used (a ridge probe's α, or the one
     *                       cross-validation chose), the {@code alpha} column of probes.csv; NaN for a
     *                       probe that has none
     */
    record ProbeResult(double score, double[] perOutput, Map<String, Object> info, double regularisation) {
        public ProbeResult {
            perOutput = perOutput.clone();
            info = Map.copyOf(info);
        }

        /** A result without a regularisation strength. */
        public ProbeResult(double score, double[] perOutput, Map<String, Object> info) {
            this(score, perOutput, info, Double.NaN);
        }

        @Override
        public double[] perOutput() {
            return perOutput.clone();
        }
    }
}
