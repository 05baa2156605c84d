package dev.graft.measures;

/**
 * The Jensen–Shannon distance between two discrete distributions, log base 2:
 * {@code √(½ KL(P‖M) + ½ KL(Q‖M))} with {@code M = (P + Q)/2}, in [0, 1]; a term with a zero probability is 0.
 */
final class JensenShannon {
    private static final double LN2 = Math.log(2);

    private JensenShannon() {
    }

    /** The distance between {@code p[pFrom, pFrom+len)} and {@code q[qFrom, qFrom+len)}, each summing to 1. */
    static double distance(float[] p, int pFrom, float[] q, int qFrom, int len) {
        double s = 0;
        for (int j = 0; j < len; j++) {
            double a = p[pFrom + j];
            double b = q[qFrom + j];
            double m = 0.5 * (a + b);
            if (a > 0) {
                s += a * Math.log(a / m);
            }
            if (b > 0) {
                s += b * Math.log(b / m);
            }
        }
        // rounding can leave a tiny negative divergence between (almost) equal distributions
        return Math.sqrt(Math.max(0.0, 0.5 * s / LN2));
    }
}
