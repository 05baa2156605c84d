package dev.graft.fit;

import dev.graft.spi.FitModel;

/**
 * Part of the study's autocorrelation diagnostic of a gap curve: the within-seed autocorrelation of
 * the fit's residuals (each seed's gap minus the curve fitted to the seed mean), averaged over seeds,
 * and what its lag-1 value ρ₁ means for the fit: the effective number of points n·(1 − ρ₁)/(1 + ρ₁)
 * (an AR(1) approximation) and the variance inflation n / n_eff. A ρ₁ well above 0 says neighbouring
 * probe steps are not independent, so the plain bootstrap's interval is too narrow.
 *
 * @param acf               ACF at lags 0 … maxLag (lag 0 is 1), mean over seeds
 * @param effectivePoints   n·(1 − ρ₁)/(1 + ρ₁), at most n and at least 1
 * @param varianceInflation n / effectivePoints
 */
public record ResidualAutocorrelation(double[] acf, double effectivePoints, double varianceInflation) {

    /** The autocorrelation of {@code x} at lags 0 … maxLag: Σ(xᵢ − x̄)(xᵢ₊ₖ − x̄) / Σ(xᵢ − x̄)² (statsmodels' acf). */
    public static double[] acf(double[] x, int maxLag) {
        int n = x.length;
        double mean = 0;
        for (double v : x) {
            mean += v / n;
        }
        double denom = 0;
        for (double v : x) {
            denom += (v - mean) * (v - mean);
        }
        double[] out = new double[maxLag + 1];
        for (int k = 0; k <= maxLag; k++) {
            double s = 0;
            for (int i = 0; i + k < n; i++) {
                s += (x[i] - mean) * (x[i + k] - mean);
            }
            out[k] = denom > 0 ? s / denom : (k == 0 ? 1 : 0);
        }
        return out;
    }

    /** The diagnostic of a fit (which must have succeeded) to the seed-mean of {@code perSeed}. */
    public static ResidualAutocorrelation of(FitModel model, FitResult fit, double[] t, double[][] perSeed, int maxLag) {
        int n = t.length;
        int lags = Math.max(0, Math.min(maxLag, n - 2));
        double[] mean = new double[lags + 1];
        double[] p = fit.params();
        for (double[] seed : perSeed) {
            double[] r = new double[n];
            for (int i = 0; i < n; i++) {
                r[i] = seed[i] - model.value(t[i], p);
            }
            double[] a = acf(r, lags);
            for (int k = 0; k <= lags; k++) {
                mean[k] += a[k] / perSeed.length;
            }
        }
        double rho = lags >= 1 ? mean[1] : 0;
        double eff = Math.max(1, Math.min(n, n * (1 - rho) / (1 + rho)));
        return new ResidualAutocorrelation(mean, eff, n / eff);
    }
}
