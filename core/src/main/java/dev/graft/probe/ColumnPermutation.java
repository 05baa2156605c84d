package dev.graft.probe;

import dev.graft.spi.Probe;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The study's sector-permutation test, for any probe and any multi-column target: the probe is fitted
 * once on the training rows with the true targets; it is then scored on the held-out rows with the
 * target columns permuted (column j of the prediction against column π(j) of the targets). The null:
 * the probe reads "some mixture of the targets' overall scale", not which column is which, so a
 * permutation scores as well as the truth. p = (1 + #{permuted R² ≥ true R²}) / (1 + N).
 *
 * <p>Scoring needs only each (prediction column, target column) pair's R², a k × k matrix, which the
 * {@link Probe} interface gives without a prediction method: k fits, fit s with held-out column j
 * replaced by column (j + s) mod k. Only held-out rows change, and a probe fits on the training rows
 * only, so every fit is the same probe; its per-output R² fills one diagonal of the matrix. When
 * k! − 1 ≤ N every permutation other than the identity is scored once (an exact test, p ≥ 1/k!);
 * otherwise N permutations are drawn uniformly (Fisher–Yates) from a generator seeded from (seed, p).
 *
 * <p>Beside it, graft's row-shuffle control ({@code <label>/shuffled}) refits the probe on targets
 * permuted across positions: its null is "the activations say nothing about the targets at all".
 */
public final class ColumnPermutation {

    /**
     * @param columns    k
     * @param r2         the probe's R² (mean over columns of the diagonal)
     * @param pairs      pairs[j][m]: R² of prediction column j against target column m
     * @param nullR2     the R² under each permutation scored
     * @param exact      whether every non-identity permutation was scored
     * @param pValue     (1 + #{null ≥ r2}) / (1 + nullR2.length)
     */
    public record Result(int columns, double r2, double[][] pairs, double[] nullR2, boolean exact, double pValue) {
        public double nullMean() {
            double s = 0;
            for (double v : nullR2) {
                s += v / nullR2.length;
            }
            return s;
        }

        public double nullSd() {
            double m = nullMean();
            double s = 0;
            for (double v : nullR2) {
                s += (v - m) * (v - m);
            }
            return Math.sqrt(s / nullR2.length);
        }
    }

    private ColumnPermutation() {
    }

    /** The test of {@code probe} on its data; null when the target has fewer than 2 columns. */
    public static Result run(Probe probe, float[][] x, float[][] y, boolean[] heldout, int permutations, long seed) {
        int k = y.length == 0 ? 0 : y[0].length;
        if (k < 2 || permutations < 1) {
            return null;
        }
        double[][] pairs = pairs(probe, x, y, heldout);
        double r2 = 0;
        for (int j = 0; j < k; j++) {
            r2 += pairs[j][j] / k;
        }
        List<int[]> perms = permutations(k, permutations, seed);
        boolean exact = exactFits(k, permutations);
        double[] nulls = new double[perms.size()];
        int atLeast = 0;
        for (int p = 0; p < perms.size(); p++) {
            nulls[p] = score(pairs, perms.get(p));
            atLeast += nulls[p] >= r2 ? 1 : 0;
        }
        return new Result(k, r2, pairs, nulls, exact, (1.0 + atLeast) / (1.0 + perms.size()));
    }

    /** Mean over j of pairs[j][perm[j]]. */
    public static double score(double[][] pairs, int[] perm) {
        double s = 0;
        for (int j = 0; j < perm.length; j++) {
            s += pairs[j][perm[j]] / perm.length;
        }
        return s;
    }

    /** The k × k R² matrix from k fits of the probe. */
    public static double[][] pairs(Probe probe, float[][] x, float[][] y, boolean[] heldout) {
        int n = y.length;
        int k = y[0].length;
        double[][] out = new double[k][k];
        for (int s = 0; s < k; s++) {
            float[][] shifted = new float[n][];
            for (int i = 0; i < n; i++) {
                if (!heldout[i] || s == 0) {
                    shifted[i] = y[i];
                } else {
                    shifted[i] = new float[k];
                    for (int j = 0; j < k; j++) {
                        shifted[i][j] = y[i][(j + s) % k];
                    }
                }
            }
            double[] per = probe.fit(x, shifted, heldout).perOutput();
            for (int j = 0; j < k; j++) {
                out[j][(j + s) % k] = per[j];
            }
        }
        return out;
    }

    /** Whether k! − 1 ≤ count, so that every non-identity permutation is scored. */
    static boolean exactFits(int k, int count) {
        long f = 1;
        for (int i = 2; i <= k; i++) {
            f *= i;
            if (f - 1 > count) {
                return false;
            }
        }
        return f - 1 <= count;
    }

    /** The permutation set the test scores: every non-identity one (lexicographic) when they fit in count, else count drawn. */
    public static List<int[]> permutations(int k, int count, long seed) {
        List<int[]> out = new ArrayList<>();
        if (exactFits(k, count)) {
            int[] p = new int[k];
            for (int i = 0; i < k; i++) {
                p[i] = i;
            }
            while (next(p)) {
                out.add(p.clone());
            }
            return out;
        }
        for (int c = 0; c < count; c++) {
            SplittableRandom random = new SplittableRandom(mix(seed * 0x9E3779B97F4A7C15L + c));
            int[] p = new int[k];
            for (int i = 0; i < k; i++) {
                p[i] = i;
            }
            for (int i = k - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = p[i];
                p[i] = p[j];
                p[j] = t;
            }
            out.add(p);
        }
        return out;
    }

    /** The next permutation in lexicographic order; false after the last. */
    private static boolean next(int[] p) {
        int i = p.length - 2;
        while (i >= 0 && p[i] >= p[i + 1]) {
            i--;
        }
        if (i < 0) {
            return false;
        }
        int j = p.length - 1;
        while (p[j] <= p[i]) {
            j--;
        }
        int t = p[i];
        p[i] = p[j];
        p[j] = t;
        for (int a = i + 1, b = p.length - 1; a < b; a++, b--) {
            t = p[a];
            p[a] = p[b];
            p[b] = t;
        }
        return true;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
