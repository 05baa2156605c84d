package dev.graft.fit;

import dev.graft.spi.FitModel;
import org.hipparchus.distribution.continuous.FDistribution;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Whether a fit describes its curve, and why not: the status of the first failed check in the order
 * failed, wrong shape, no trend, parameter on a bound, systematic residuals, bootstrap failures, with
 * the reason of every failed check (docs/fits.md lists the thresholds).
 *
 * @param status  {@link FitStatus#OK} only when every check passed
 * @param trend   the direction of the points
 * @param runs    the runs test on the fit's residuals (null when the fit failed)
 * @param reasons one plain sentence per failed check; empty when OK
 */
public record FitCheck(FitStatus status, Trend trend, RunsTest runs, List<String> reasons) {

    /** A parameter within this share of its range of a bound counts as on it. */
    public static final double ON_BOUND = 1e-4;

    /** The most bootstrap replicates, as a share, that may fall back before the interval is not trusted. */
    public static final double MAX_FAILED_SHARE = 0.10;

    /** A flat curve whose fit beats a constant with an F-test p-value at or above this has no trend to describe. */
    public static final double NO_TREND_P = 0.05;

    /** The runs test needs at least this many points to say anything. */
    public static final int RUNS_MIN_POINTS = 6;

    public FitCheck {
        reasons = List.copyOf(reasons);
    }

    public boolean ok() {
        return status == FitStatus.OK;
    }

    /**
     * @param model     the fitted model
     * @param bounds    the bounds it was fitted within
     * @param t         the steps
     * @param y         the fitted values (the seed-mean gap)
     * @param point     the fit
     * @param bootstrap its bootstrap, or null when none ran
     */
    public static FitCheck of(FitModel model, FitModel.Bounds bounds, double[] t, double[] y, FitResult point,
                              AsymptoteBootstrap.Result bootstrap) {
        Trend trend = Trend.of(t, y);
        List<String> reasons = new ArrayList<>();
        List<FitStatus> failed = new ArrayList<>();
        if (!point.ok()) {
            return new FitCheck(FitStatus.FAILED, trend, null, List.of("the fit did not converge: " + point.message()));
        }
        double[] p = point.params();
        double change = model.value(t[t.length - 1], p) - model.value(t[0], p);
        if (trend.direction() == Trend.Direction.RISING && change <= 0) {
            failed.add(FitStatus.WRONG_SHAPE);
            reasons.add("the gap rose (from " + num(trend.first()) + " to " + num(trend.last()) + ", slope t = "
                    + fixed(trend.tStatistic(), 1) + ") but the fitted curve " + (change < 0 ? "falls" : "stays flat")
                    + ": this model describes only a decay");
        } else if (trend.direction() == Trend.Direction.FALLING && change >= 0) {
            failed.add(FitStatus.WRONG_SHAPE);
            reasons.add("the gap fell (from " + num(trend.first()) + " to " + num(trend.last()) + ", slope t = "
                    + fixed(trend.tStatistic(), 1) + ") but the fitted curve " + (change > 0 ? "rises" : "stays flat"));
        } else if (trend.direction() == Trend.Direction.FLAT) {
            double p0 = betterThanConstant(bounds, t, y, point);
            if (!(p0 < NO_TREND_P)) {
                failed.add(FitStatus.NO_TREND);
                reasons.add("the gap shows no trend (slope t = " + fixed(trend.tStatistic(), 1) + ", |t| < "
                        + fixed(Trend.T_CRITICAL, 0) + "; the curve fits no better than its mean, F-test p = " + fixed(p0, 2)
                        + "; first " + num(trend.first()) + ", last " + num(trend.last()) + "): there is no decay to extrapolate");
            }
        }
        List<String> onBound = new ArrayList<>();
        List<String> names = model.parameters();
        for (int i = 0; i < p.length; i++) {
            double lo = bounds.lower(i);
            double hi = bounds.upper(i);
            if (!(hi > lo)) {
                continue;
            }
            double eps = ON_BOUND * (hi - lo);
            if (p[i] <= lo + eps) {
                onBound.add(names.get(i) + " at its lower bound " + num(lo));
            } else if (p[i] >= hi - eps) {
                onBound.add(names.get(i) + " at its upper bound " + num(hi));
            }
        }
        if (!onBound.isEmpty()) {
            failed.add(FitStatus.ON_BOUND);
            reasons.add(String.join(", ", onBound) + ": the points ask for a curve outside the bounds");
        }
        double[] residuals = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            residuals[i] = y[i] - model.value(t[i], p);
        }
        RunsTest runs = RunsTest.of(residuals);
        if (runs.systematic(t.length, RUNS_MIN_POINTS)) {
            failed.add(FitStatus.SYSTEMATIC_RESIDUALS);
            reasons.add("the residuals change sign in " + runs.runs() + " runs over " + t.length + " points"
                    + (Double.isNaN(runs.z()) ? " (all of one sign)"
                    : " where about " + fixed(runs.expected(), 1) + " are expected of noise (runs test z = "
                    + fixed(runs.z(), 1) + ")") + ": the curve misses the points' shape");
        }
        if (bootstrap != null) {
            int replicates = bootstrap.samples().length;
            if (bootstrap.fallbacks() > MAX_FAILED_SHARE * replicates) {
                failed.add(FitStatus.BOOTSTRAP_FAILURES);
                reasons.add(bootstrap.fallbacks() + " of " + replicates + " bootstrap replicates did not fit (more than "
                        + fixed(100 * MAX_FAILED_SHARE, 0) + " %): the interval is not the model's");
            }
        }
        return new FitCheck(failed.isEmpty() ? FitStatus.OK : failed.get(0), trend, runs, reasons);
    }

    /**
     * The p-value of the F test of the fitted curve against a constant (the mean): {@code F = ((SSE₀ −
     * SSE)/(k − 1)) / (SSE/(n − k))} with k free parameters; NaN when there are too few points.
     */
    static double betterThanConstant(FitModel.Bounds bounds, double[] t, double[] y, FitResult point) {
        int n = t.length;
        int k = 0;
        for (int i = 0; i < bounds.size(); i++) {
            k += bounds.upper(i) > bounds.lower(i) ? 1 : 0;
        }
        if (k < 2 || n <= k) {
            return Double.NaN;
        }
        double mean = 0;
        for (double v : y) {
            mean += v / n;
        }
        double sse0 = 0;
        for (double v : y) {
            sse0 += (v - mean) * (v - mean);
        }
        double sse = point.sse();
        if (!(sse > 0)) {
            return sse0 > 0 ? 0 : 1;
        }
        double f = Math.max(0, (sse0 - sse) / (k - 1)) / (sse / (n - k));
        return 1 - new FDistribution(k - 1, n - k).cumulativeProbability(f);
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%,.0f" : "%.3f", v);
    }

    private static String fixed(double v, int digits) {
        return String.format(Locale.ROOT, "%." + digits + "f", v);
    }
}
