package dev.graft.spi;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A parametric curve {@code y = f(t; p)} that the engine fits by bounded least squares to points
 * {@code (t, y)}: the gap between two conditions' probe R² over training steps, e.g.
 * {@code gap_inf + A·exp(−t/tau)}. The model says what the curve is, where its parameters may lie
 * and where fits should start; both may depend on the points (the last step, the first and last
 * gap). The engine fits from every start, keeps the smallest sum of squared errors, and records a
 * fit that fails as failed.
 *
 * <p>Points are given in increasing {@code t}, at least one. Implementations are stateless and
 * thread-safe: the bootstrap fits one model from many threads at once.
 */
public interface FitModel {

    /** Parameter names in order, e.g. {@code [gap_inf, A, tau]}; these names appear in {@code fits.json}. */
    List<String> parameters();

    /** Index in {@link #parameters()} of the asymptote, the value of the curve as t → ∞. */
    int asymptoteIndex();

    /** The curve at {@code t} for parameters {@code p}. */
    double value(double t, double[] p);

    /** ∂f/∂p at {@code t}, one entry per parameter, written into {@code out}. */
    void gradient(double t, double[] p, double[] out);

    /** Where each parameter may lie for a fit to these points (the bounds may depend on them). */
    Bounds bounds(double[] t, double[] y);

    /**
     * Start values for fits to these points, best guess first; at least one. The engine moves a
     * start that lies on or outside {@code bounds} just inside them.
     */
    List<double[]> starts(double[] t, double[] y, Bounds bounds);

    /**
     * The same curve with its parameters in canonical order, for models whose parameters can be
     * swapped without changing the curve (a double exponential's two terms, ordered so that
     * tau1 ≤ tau2). The default returns a copy unchanged.
     */
    default double[] canonical(double[] p) {
        return p.clone();
    }

    /**
     * Inclusive lower and upper bounds, one per parameter; {@code lower[i] ≤ upper[i]} (equal fixes
     * the parameter).
     */
    record Bounds(double[] lower, double[] upper) {

        public Bounds {
            Objects.requireNonNull(lower, "lower");
            Objects.requireNonNull(upper, "upper");
            if (lower.length != upper.length) {
                throw new IllegalArgumentException("bounds of different lengths: " + lower.length + " and " + upper.length);
            }
            for (int i = 0; i < lower.length; i++) {
                if (!(lower[i] <= upper[i]) || Double.isNaN(lower[i]) || Double.isNaN(upper[i])) {
                    throw new IllegalArgumentException("bound " + i + ": lower " + lower[i] + " is not ≤ upper " + upper[i]);
                }
            }
            lower = lower.clone();
            upper = upper.clone();
        }

        @Override
        public double[] lower() {
            return lower.clone();
        }

        @Override
        public double[] upper() {
            return upper.clone();
        }

        public double lower(int i) {
            return lower[i];
        }

        public double upper(int i) {
            return upper[i];
        }

        public int size() {
            return lower.length;
        }

        /** {@code v} moved into {@code [lower(i), upper(i)]}. */
        public double clamp(int i, double v) {
            return Math.max(lower[i], Math.min(upper[i], v));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Bounds b && Arrays.equals(lower, b.lower) && Arrays.equals(upper, b.upper);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(lower) + Arrays.hashCode(upper);
        }

        @Override
        public String toString() {
            return "Bounds" + Arrays.toString(lower) + ".." + Arrays.toString(upper);
        }
    }
}
