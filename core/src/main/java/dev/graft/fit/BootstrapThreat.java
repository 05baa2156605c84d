package dev.graft.fit;

import java.util.Locale;

/**
 * How much autocorrelation threatens the plain bootstrap's interval (the study's classification, at
 * lag 1): {@link #HIGH} when the threat ratio is above 3, its permutation p-value below 0.05, the
 * variance inflation above 2 and the within-seed ACF above 0.5, all four; {@link #MODERATE} when two
 * of ratio &gt; 2, p &lt; 0.1, inflation &gt; 1.5, ACF &gt; 0.3 hold; else {@link #LOW}. Only HIGH says the
 * plain interval is too narrow, and then a block bootstrap is run.
 */
public enum BootstrapThreat {
    LOW, MODERATE, HIGH, UNTESTED;

    /** The study's cap on a block length derived from the ACF. */
    public static final int MAX_BLOCK = 5;

    public static BootstrapThreat of(SeedCorrelation c, double varianceInflation) {
        if (c == null || c.lags() < 1) {
            return UNTESTED;
        }
        double ratio = c.threatRatio()[0];
        double p = c.pValues()[0];
        double acf = c.within()[0];
        if (ratio > 3 && p < 0.05 && varianceInflation > 2 && acf > 0.5) {
            return HIGH;
        }
        int flags = (ratio > 2 ? 1 : 0) + (p < 0.1 ? 1 : 0) + (varianceInflation > 1.5 ? 1 : 0) + (acf > 0.3 ? 1 : 0);
        return flags >= 2 ? MODERATE : LOW;
    }

    /** The study's block length from the lag-1 ACF ρ: ceil(1 / max(0.1, 1 − ρ)), at most 5, at least 1. */
    public static int blockLength(double rho) {
        int b = (int) Math.ceil(1 / Math.max(0.1, 1 - rho) - 1e-12);
        return Math.max(1, Math.min(MAX_BLOCK, b));
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
