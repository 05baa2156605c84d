package dev.graft.fit;

/**
 * The Wald–Wolfowitz runs test on the signs of residuals: noise that a curve describes changes sign
 * often; a curve that misses the points' shape leaves long stretches of one sign (few runs). Zero
 * residuals are dropped. With n₊ positive and n₋ negative residuals (n = n₊ + n₋) the number of runs
 * has mean {@code μ = 2n₊n₋/n + 1} and variance {@code σ² = 2n₊n₋(2n₊n₋ − n) / (n²(n − 1))}; {@code z =
 * (runs − μ)/σ}.
 *
 * @param runs     maximal stretches of one sign
 * @param expected μ, the runs expected when the signs are in random order
 * @param z        the standardised count (NaN when every residual has one sign, or fewer than 2)
 */
public record RunsTest(int runs, double expected, double z) {

    /** Fewer runs than this z says the residuals are systematically signed (one-sided, about 2.3 %). */
    public static final double Z_CRITICAL = -2.0;

    public static RunsTest of(double[] residuals) {
        int pos = 0;
        int neg = 0;
        int runs = 0;
        int previous = 0;
        for (double r : residuals) {
            int sign = r > 0 ? 1 : r < 0 ? -1 : 0;
            if (sign == 0) {
                continue;
            }
            if (sign > 0) {
                pos++;
            } else {
                neg++;
            }
            if (sign != previous) {
                runs++;
            }
            previous = sign;
        }
        double n = pos + neg;
        if (pos == 0 || neg == 0 || n < 2) {
            return new RunsTest(runs, Double.NaN, Double.NaN);
        }
        double mu = 2.0 * pos * neg / n + 1;
        double var = 2.0 * pos * neg * (2.0 * pos * neg - n) / (n * n * (n - 1));
        return new RunsTest(runs, mu, var > 0 ? (runs - mu) / Math.sqrt(var) : Double.NaN);
    }

    /**
     * Whether the signs are systematic: every residual of one sign with at least {@code minPoints}
     * of them, or fewer runs than chance at {@link #Z_CRITICAL}.
     */
    public boolean systematic(int points, int minPoints) {
        if (points < minPoints) {
            return false;
        }
        return Double.isNaN(z) ? runs == 1 : z <= Z_CRITICAL;
    }
}
