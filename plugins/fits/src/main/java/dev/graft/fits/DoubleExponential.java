package dev.graft.fits;

import dev.graft.spi.FitModel;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code double-exponential}: gap(t) = gap_inf + A1·exp(−t/tau1) + A2·exp(−t/tau2), a fast and a
 * slow decay (the study's double exponential). Bounds gap_inf ∈ [−0.5, 0.5], A1, A2 ∈ [0.001, 1],
 * tau1 ∈ [100, t_last], tau2 ∈ [500, 3·t_last]. Starts: the study's grid of 27, gap_inf from the
 * last gap, the mean of the last 3 and of the last 5; the decay gap[0] − gap[last] split 30/70,
 * 50/50 or 70/30 between the terms; tau1 = r·t_last/2 and tau2 = 3r·t_last/2 for r ∈ {0.2, 0.33,
 * 0.5}. The two terms can swap without changing the curve, so results are reported with
 * tau1 ≤ tau2 (a swapped fit stays inside the bounds).
 */
final class DoubleExponential implements FitModel {
    static final String NAME = "double-exponential";

    static final double GAP_BOUND = 0.5;
    static final double A_MIN = 0.001;
    static final double A_MAX = 1;
    static final double TAU1_MIN = 100;
    static final double TAU2_MIN = 500;

    @Override
    public List<String> parameters() {
        return List.of("gap_inf", "A1", "A2", "tau1", "tau2");
    }

    @Override
    public int asymptoteIndex() {
        return 0;
    }

    @Override
    public double value(double t, double[] p) {
        return p[0] + p[1] * Math.exp(-t / p[3]) + p[2] * Math.exp(-t / p[4]);
    }

    @Override
    public void gradient(double t, double[] p, double[] out) {
        double e1 = Math.exp(-t / p[3]);
        double e2 = Math.exp(-t / p[4]);
        out[0] = 1;
        out[1] = e1;
        out[2] = e2;
        out[3] = p[1] * e1 * t / (p[3] * p[3]);
        out[4] = p[2] * e2 * t / (p[4] * p[4]);
    }

    @Override
    public Bounds bounds(double[] t, double[] y) {
        double tLast = Points.lastStep(t);
        return new Bounds(new double[] {-GAP_BOUND, A_MIN, A_MIN, TAU1_MIN, TAU2_MIN},
                new double[] {GAP_BOUND, A_MAX, A_MAX, Math.max(TAU1_MIN, tLast), Math.max(TAU2_MIN, 3 * tLast)});
    }

    @Override
    public List<double[]> starts(double[] t, double[] y, Bounds bounds) {
        double tLast = Points.lastStep(t);
        double decay = Points.first(y) - Points.last(y);
        List<double[]> starts = new ArrayList<>();
        for (double gapInf : new double[] {Points.last(y), Points.meanOfLast(y, 3), Points.meanOfLast(y, 5)}) {
            for (double share : new double[] {0.3, 0.5, 0.7}) {
                for (double r : new double[] {0.2, 0.33, 0.5}) {
                    starts.add(new double[] {gapInf, Math.max(decay * share, A_MIN), Math.max(decay * (1 - share), A_MIN),
                            tLast * r * 0.5, tLast * r * 1.5});
                }
            }
        }
        return starts;
    }

    @Override
    public double[] canonical(double[] p) {
        return Points.twoTermsInOrder(p);
    }
}
