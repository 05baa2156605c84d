package dev.graft.fits;

import dev.graft.spi.FitModel;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code double-power-law}: gap(t) = gap_inf + A1·(t + t0)^(−alpha1) + A2·(t + t0)^(−alpha2), two
 * power laws sharing t0 (the study's double power law). Bounds gap_inf ∈ [−0.5, 0.5],
 * A1, A2 ∈ [0.001, 10], alpha1, alpha2 ∈ [0.1, 2], t0 ∈ [100, 2·t_last]. Starts: gap_inf from the
 * last gap, the mean of the last 3 and of the last 5, each with (alpha1, alpha2) ∈ {(0.3, 0.8),
 * (0.5, 1.2), (0.2, 0.6)} and t0 = 1000: the study's grid without its three splits of the decay
 * (9 starts instead of 27: this model needs hundreds of evaluations a start, and the bootstrap
 * refits it thousands of times). Each A is set so that its term carries half the decay
 * gap[0] − gap[last] at the first step (clamped to the bounds). The terms can swap without
 * changing the curve, so results are reported with alpha1 ≤ alpha2.
 */
final class DoublePowerLaw implements FitModel {
    static final String NAME = "double-power-law";

    static final double GAP_BOUND = 0.5;
    static final double A_MIN = 0.001;
    static final double A_MAX = 10;
    static final double ALPHA_MIN = 0.1;
    static final double ALPHA_MAX = 2;
    static final double T0_MIN = 100;
    static final double T0_START = 1000;

    @Override
    public List<String> parameters() {
        return List.of("gap_inf", "A1", "A2", "alpha1", "alpha2", "t0");
    }

    @Override
    public int asymptoteIndex() {
        return 0;
    }

    @Override
    public double value(double t, double[] p) {
        double log = Math.log(t + p[5]);
        return p[0] + p[1] * Math.exp(-p[3] * log) + p[2] * Math.exp(-p[4] * log);
    }

    @Override
    public void gradient(double t, double[] p, double[] out) {
        double base = t + p[5];
        double log = Math.log(base);
        double pow1 = Math.exp(-p[3] * log);
        double pow2 = Math.exp(-p[4] * log);
        out[0] = 1;
        out[1] = pow1;
        out[2] = pow2;
        out[3] = -p[1] * log * pow1;
        out[4] = -p[2] * log * pow2;
        out[5] = -(p[3] * p[1] * pow1 + p[4] * p[2] * pow2) / base;
    }

    @Override
    public Bounds bounds(double[] t, double[] y) {
        double tLast = Points.lastStep(t);
        return new Bounds(new double[] {-GAP_BOUND, A_MIN, A_MIN, ALPHA_MIN, ALPHA_MIN, T0_MIN},
                new double[] {GAP_BOUND, A_MAX, A_MAX, ALPHA_MAX, ALPHA_MAX, Math.max(T0_MIN, 2 * tLast)});
    }

    @Override
    public List<double[]> starts(double[] t, double[] y, Bounds bounds) {
        double tFirst = Points.firstStep(t);
        double decay = Points.first(y) - Points.last(y);
        double t0 = bounds.clamp(5, T0_START);
        List<double[]> starts = new ArrayList<>();
        for (double gapInf : new double[] {Points.last(y), Points.meanOfLast(y, 3), Points.meanOfLast(y, 5)}) {
            for (double[] alphas : new double[][] {{0.3, 0.8}, {0.5, 1.2}, {0.2, 0.6}}) {
                double a1 = Points.clamp(decay / 2 * Math.pow(tFirst + t0, alphas[0]), A_MIN, A_MAX);
                double a2 = Points.clamp(decay / 2 * Math.pow(tFirst + t0, alphas[1]), A_MIN, A_MAX);
                starts.add(new double[] {gapInf, a1, a2, alphas[0], alphas[1], t0});
            }
        }
        return starts;
    }

    @Override
    public double[] canonical(double[] p) {
        return Points.twoTermsInOrder(p);
    }
}
