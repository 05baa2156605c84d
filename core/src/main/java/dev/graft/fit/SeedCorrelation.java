package dev.graft.fit;

import java.util.SplittableRandom;

/**
 * The study's test of whether a gap curve's points may be mixed across seeds step by step (the
 * bootstrap's assumption), on a fit's residuals (each seed's gap minus the curve fitted to the seed
 * mean):
 * <ul>
 *   <li>within-seed autocorrelation at lags 1 … L, each seed's {@link ResidualAutocorrelation#acf}
 *       averaged over seeds;</li>
 *   <li>between-seed cross-correlation at the same lags: for every ordered pair of different seeds
 *       (i, j), Σₜ (xᵢ[t] − x̄ᵢ)(xⱼ[t+k] − x̄ⱼ) / √(Σ(xᵢ − x̄ᵢ)² · Σ(xⱼ − x̄ⱼ)²), averaged over pairs;</li>
 *   <li>the threat ratio within / (|between| + 10⁻⁶), capped at 100 (the study's);</li>
 *   <li>a permutation test of the threat ratio: the null is that a seed's residuals have no order in
 *       time (exchangeable within the seed). Each permutation shuffles every seed's residual series in
 *       time, independently of the other seeds, and recomputes the ratio; the p-value at lag k is
 *       (1 + #{permuted ratio ≥ observed}) / (1 + N) over the N permutations.</li>
 * </ul>
 * The study computes its correlations as Pearson correlations of the lagged pairs of the raw gaps and
 * its p-value as #{≥}/N; here the residuals (a trend is not autocorrelated noise), the same ACF
 * estimator as fits.json's {@code acf}, and the permutation p-value that counts the observed arrangement.
 *
 * @param lags         L = min(5, n / 3), the study's
 * @param within       within-seed ACF at lags 1 … L
 * @param between      between-seed CCF at lags 1 … L
 * @param threatRatio  within / (|between| + 1e-6), at most 100, at lags 1 … L
 * @param pValues      the permutation test's p-value at lags 1 … L
 * @param permutations N
 */
public record SeedCorrelation(int lags, double[] within, double[] between, double[] threatRatio, double[] pValues,
                              int permutations) {

    /** The study's cap on the threat ratio. */
    public static final double MAX_RATIO = 100;
    /** The study's guard against a zero cross-correlation. */
    public static final double EPSILON = 1e-6;
    /** The study's largest lag. */
    public static final int MAX_LAG = 5;

    /** The lags tested on a curve of {@code n} points: min(5, n / 3); 0 when too short. */
    public static int lagsFor(int n) {
        return Math.min(MAX_LAG, n / 3);
    }

    /**
     * The test on {@code residuals[s][i]} (seed s, step i); null with fewer than 2 seeds or fewer than
     * 3 points (no lag to test).
     */
    public static SeedCorrelation of(double[][] residuals, int permutations, long seed) {
        if (residuals.length < 2 || residuals[0].length < 3) {
            return null;
        }
        int lags = lagsFor(residuals[0].length);
        double[] within = within(residuals, lags);
        double[] between = between(residuals, lags);
        double[] ratio = threatRatio(within, between);
        double[] p = pValues(residuals, ratio, permutations(seed, permutations, residuals.length, residuals[0].length));
        return new SeedCorrelation(lags, within, between, ratio, p, permutations);
    }

    /** Each seed's residual minus the curve. */
    public static double[][] residuals(dev.graft.spi.FitModel model, double[] params, double[] t, double[][] perSeed) {
        double[][] out = new double[perSeed.length][t.length];
        for (int s = 0; s < perSeed.length; s++) {
            for (int i = 0; i < t.length; i++) {
                out[s][i] = perSeed[s][i] - model.value(t[i], params);
            }
        }
        return out;
    }

    /** Mean over seeds of each seed's ACF at lags 1 … lags. */
    public static double[] within(double[][] series, int lags) {
        double[] out = new double[lags];
        for (double[] x : series) {
            double[] a = ResidualAutocorrelation.acf(x, lags);
            for (int k = 1; k <= lags; k++) {
                out[k - 1] += a[k] / series.length;
            }
        }
        return out;
    }

    /** Mean over ordered pairs of different seeds of their cross-correlation at lags 1 … lags. */
    public static double[] between(double[][] series, int lags) {
        double[] out = new double[lags];
        int pairs = series.length * (series.length - 1);
        for (int i = 0; i < series.length; i++) {
            for (int j = 0; j < series.length; j++) {
                if (i != j) {
                    double[] c = ccf(series[i], series[j], lags);
                    for (int k = 1; k <= lags; k++) {
                        out[k - 1] += c[k] / pairs;
                    }
                }
            }
        }
        return out;
    }

    /** Σₜ (x[t] − x̄)(y[t+k] − ȳ) / √(Σ(x − x̄)² Σ(y − ȳ)²) at lags 0 … maxLag; 0 where either is constant. */
    public static double[] ccf(double[] x, double[] y, int maxLag) {
        int n = x.length;
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += x[i] / n;
            my += y[i] / n;
        }
        double sx = 0;
        double sy = 0;
        for (int i = 0; i < n; i++) {
            sx += (x[i] - mx) * (x[i] - mx);
            sy += (y[i] - my) * (y[i] - my);
        }
        double denom = Math.sqrt(sx * sy);
        double[] out = new double[maxLag + 1];
        for (int k = 0; k <= maxLag; k++) {
            double s = 0;
            for (int i = 0; i + k < n; i++) {
                s += (x[i] - mx) * (y[i + k] - my);
            }
            out[k] = denom > 0 ? s / denom : 0;
        }
        return out;
    }

    /** within / (|between| + 1e-6), capped at 100, lag by lag. */
    public static double[] threatRatio(double[] within, double[] between) {
        double[] out = new double[within.length];
        for (int k = 0; k < within.length; k++) {
            out[k] = Math.min(MAX_RATIO, within[k] / (Math.abs(between[k]) + EPSILON));
        }
        return out;
    }

    /**
     * The fixed permutation set: {@code perms[p][s]} is the order in which permutation p reads seed s's
     * n steps (a Fisher–Yates shuffle from a generator seeded from (seed, p)).
     */
    public static int[][][] permutations(long seed, int count, int seeds, int n) {
        int[][][] out = new int[count][seeds][];
        for (int p = 0; p < count; p++) {
            SplittableRandom random = AsymptoteBootstrap.replicateRandom(seed ^ 0x5EEDC0FFEEL, p);
            for (int s = 0; s < seeds; s++) {
                int[] order = new int[n];
                for (int i = 0; i < n; i++) {
                    order[i] = i;
                }
                for (int i = n - 1; i > 0; i--) {
                    int j = random.nextInt(i + 1);
                    int tmp = order[i];
                    order[i] = order[j];
                    order[j] = tmp;
                }
                out[p][s] = order;
            }
        }
        return out;
    }

    /** (1 + #{ratio under permutation ≥ observed}) / (1 + N) at each lag, over the given permutation set. */
    public static double[] pValues(double[][] residuals, double[] observed, int[][][] perms) {
        int lags = observed.length;
        int[] atLeast = new int[lags];
        double[][] shuffled = new double[residuals.length][];
        for (int[][] perm : perms) {
            for (int s = 0; s < residuals.length; s++) {
                double[] x = new double[residuals[s].length];
                for (int i = 0; i < x.length; i++) {
                    x[i] = residuals[s][perm[s][i]];
                }
                shuffled[s] = x;
            }
            double[] ratio = threatRatio(within(shuffled, lags), between(shuffled, lags));
            for (int k = 0; k < lags; k++) {
                atLeast[k] += ratio[k] >= observed[k] ? 1 : 0;
            }
        }
        double[] p = new double[lags];
        for (int k = 0; k < lags; k++) {
            p[k] = (1.0 + atLeast[k]) / (1.0 + perms.length);
        }
        return p;
    }
}
