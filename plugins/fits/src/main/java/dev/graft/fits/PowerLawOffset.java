package dev.graft.fits;

import dev.graft.spi.FitModel;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code power-law-offset}: gap(t) = gap_inf + A·(t + t0)^(−alpha), the study's power law.
 * Bounds gap_inf ∈ [−0.5, 0.5], A ∈ [0.01, 100], alpha ∈ [0.1, 2], t0 ∈ [100, t_last]. The first
 * start is the study's, (gap[last], max((gap[0] − gap[last])·(t_first + 1000)^0.5, 0.1), 0.5,
 * 1000); two more start from the mean of the last 5 gaps with (alpha, t0) = (1, t_last/10) and
 * (0.3, t_last/2), A chosen so that the start curve passes through the first gap.
 */
final class PowerLawOffset implements FitModel {
    static final String NAME = "power-law-offset";

    static final double GAP_BOUND = 0.5;
    static final double A_MIN = 0.01;
    static final double A_MAX = 100;
    static final double ALPHA_MIN = 0.1;
    static final double ALPHA_MAX = 2;
    static final double T0_MIN = 100;

    @Override
    public List<String> parameters() {
        return List.of("gap_inf", "A", "alpha", "t0");
    }

    @Override
    public int asymptoteIndex() {
        return 0;
    }

    @Override
    public double value(double t, double[] p) {
        return p[0] + p[1] * Math.exp(-p[2] * Math.log(t + p[3]));
    }

    @Override
    public void gradient(double t, double[] p, double[] out) {
        double base = t + p[3];
        double log = Math.log(base);
        double pow = Math.exp(-p[2] * log);
        out[0] = 1;
        out[1] = pow;
        out[2] = -p[1] * log * pow;
        out[3] = -p[2] * p[1] * pow / base;
    }

    @Override
    public Bounds bounds(double[] t, double[] y) {
        double tLast = Points.lastStep(t);
        return new Bounds(new double[] {-GAP_BOUND, A_MIN, ALPHA_MIN, T0_MIN},
                new double[] {GAP_BOUND, A_MAX, ALPHA_MAX, Math.max(T0_MIN, tLast)});
    }

    @Override
    public List<double[]> starts(double[] t, double[] y, Bounds bounds) {
        double tFirst = Points.firstStep(t);
        double tLast = Points.lastStep(t);
        double first = Points.first(y);
        double last = Points.last(y);
        double tail = Points.meanOfLast(y, 5);
        List<double[]> starts = new ArrayList<>();
        starts.add(new double[] {last, Math.max((first - last) * Math.pow(tFirst + 1000, 0.5), 0.1), 0.5, 1000});
        for (double[] alphaT0 : new double[][] {{1.0, tLast / 10}, {0.3, tLast / 2}}) {
            double alpha = alphaT0[0];
            double t0 = bounds.clamp(3, alphaT0[1]);
            double a = Points.clamp((first - tail) * Math.pow(tFirst + t0, alpha), A_MIN, A_MAX);
            starts.add(new double[] {tail, a, alpha, t0});
        }
        return starts;
    }
}
