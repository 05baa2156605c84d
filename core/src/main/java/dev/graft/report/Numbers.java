package dev.graft.report;

import java.util.Locale;

/** Numbers as a person reads them in the report and logs (files keep full precision). */
final class Numbers {
    private Numbers() {
    }

    /** {@code v} with {@code decimals} decimals ("0.041"), "n/a" for NaN. */
    static String fixed(double v, int decimals) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "∞" : "-∞";
        }
        String s = String.format(Locale.ROOT, "%." + decimals + "f", v);
        return s.matches("-0\\.0*") ? s.substring(1) : s;
    }

    /** Like {@link #fixed} with a typographic minus sign, for HTML text. */
    static String display(double v, int decimals) {
        return fixed(v, decimals).replace('-', '\u2212');
    }

    /** A step count with thousands separators: "20,000". */
    static String steps(double v) {
        return String.format(Locale.ROOT, "%,d", (long) v);
    }

    /** Mean of the values. */
    static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return v.length == 0 ? Double.NaN : s / v.length;
    }

    /** Sample standard deviation (n − 1); NaN for fewer than two values. */
    static double sd(double[] v) {
        if (v.length < 2) {
            return Double.NaN;
        }
        double m = mean(v);
        double s = 0;
        for (double x : v) {
            s += (x - m) * (x - m);
        }
        return Math.sqrt(s / (v.length - 1));
    }
}
