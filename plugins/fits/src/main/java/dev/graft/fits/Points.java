package dev.graft.fits;

/** What the study's bounds and starts read off the points: first and last step, first and last gap. */
final class Points {
    private Points() {
    }

    static double firstStep(double[] t) {
        return t[0];
    }

    static double lastStep(double[] t) {
        return t[t.length - 1];
    }

    static double first(double[] y) {
        return y[0];
    }

    static double last(double[] y) {
        return y[y.length - 1];
    }

    /** Mean of the last {@code count} values (all of them when there are fewer). */
    static double meanOfLast(double[] y, int count) {
        int from = Math.max(0, y.length - count);
        double s = 0;
        for (int i = from; i < y.length; i++) {
            s += y[i];
        }
        return s / (y.length - from);
    }

    /** {@code v} clamped into {@code [lo, hi]}. */
    /**
     * A two-term model's parameters {@code [gap_inf, A1, A2, r1, r2, …]} with the terms swapped when
     * {@code r1 > r2} (τ for exponentials, α for power laws), so that one curve always has one parameter vector.
     */
    static double[] twoTermsInOrder(double[] p) {
        double[] c = p.clone();
        if (c[3] > c[4]) {
            c[1] = p[2];
            c[2] = p[1];
            c[3] = p[4];
            c[4] = p[3];
        }
        return c;
    }

    static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
