package dev.graft.fits;

import dev.graft.spi.FitModel;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code exponential-offset}: gap(t) = gap_inf + A·exp(−t/tau), the study's single exponential.
 * Bounds gap_inf ∈ [−0.5, 0.5], A ∈ [0.001, 1], tau ∈ [100, 3·t_last]. The first start is the
 * study's, (gap[last], max(gap[0] − gap[last], 0.001), t_last/3); two more start from the mean of
 * the last 5 gaps with a short (t_last/10) and a long (t_last) time constant.
 */
final class ExponentialOffset implements FitModel {
    static final String NAME = "exponential-offset";

    static final double GAP_BOUND = 0.5;
    static final double A_MIN = 0.001;
    static final double A_MAX = 1;
    static final double TAU_MIN = 100;

    @Override
    public List<String> parameters() {
        return List.of("gap_inf", "A", "tau");
    }

    @Override
    public int asymptoteIndex() {
        return 0;
    }

    @Override
    public double value(double t, double[] p) {
        return p[0] + p[1] * Math.exp(-t / p[2]);
    }

    @Override
    public void gradient(double t, double[] p, double[] out) {
        double e = Math.exp(-t / p[2]);
        out[0] = 1;
        out[1] = e;
        out[2] = p[1] * e * t / (p[2] * p[2]);
    }

    @Override
    public Bounds bounds(double[] t, double[] y) {
        double tLast = Points.lastStep(t);
        return new Bounds(new double[] {-GAP_BOUND, A_MIN, TAU_MIN},
                new double[] {GAP_BOUND, A_MAX, Math.max(TAU_MIN, 3 * tLast)});
    }

    @Override
    public List<double[]> starts(double[] t, double[] y, Bounds bounds) {
        double tLast = Points.lastStep(t);
        double last = Points.last(y);
        double tail = Points.meanOfLast(y, 5);
        List<double[]> starts = new ArrayList<>();
        starts.add(new double[] {last, Math.max(Points.first(y) - last, A_MIN), tLast / 3});
        starts.add(new double[] {tail, Math.max(Points.first(y) - tail, A_MIN), tLast / 10});
        starts.add(new double[] {tail, Math.max(Points.first(y) - tail, A_MIN), tLast});
        return starts;
    }
}
