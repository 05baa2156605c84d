package dev.graft.fit;

import java.util.Arrays;

/**
 * The outcome of fitting one curve to one set of points: the best parameters over every start, or
 * a failure with its reason. A failed fit carries no parameters; nothing stands in for them.
 *
 * @param ok       whether some start converged to finite parameters and a finite error
 * @param params   fitted parameters in the model's canonical order (empty when failed)
 * @param sse      sum of squared errors at {@code params} (NaN when failed)
 * @param bic      k·ln n − 2·log L with the Gaussian likelihood at σ² = SSE/n (NaN when failed;
 *                 −∞ for an exact fit)
 * @param points   number of points fitted
 * @param starts   starts tried
 * @param failed   starts that did not converge
 * @param message  why the fit failed, or "" when it did not
 */
public record FitResult(boolean ok, double[] params, double sse, double bic, int points, int starts, int failed,
                        String message) {

    public FitResult {
        params = params.clone();
        message = message == null ? "" : message;
    }

    static FitResult failure(int points, int starts, String message) {
        return new FitResult(false, new double[0], Double.NaN, Double.NaN, points, starts, starts, message);
    }

    @Override
    public double[] params() {
        return params.clone();
    }

    /** Parameter {@code i} of a successful fit. */
    public double param(int i) {
        if (!ok) {
            throw new IllegalStateException("a failed fit has no parameters: " + message);
        }
        return params[i];
    }

    /** Root mean squared error of the fit on its points. */
    public double rmse() {
        return Math.sqrt(sse / points);
    }

    /**
     * BIC of a least-squares fit: {@code k·ln n − 2·log L} with the maximised Gaussian log-likelihood
     * {@code log L = −n/2·(ln(2π·SSE/n) + 1)}.
     */
    public static double bic(double sse, int n, int k) {
        double logLikelihood = -0.5 * n * (Math.log(2 * Math.PI * sse / n) + 1);
        return k * Math.log(n) - 2 * logLikelihood;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FitResult r && ok == r.ok && Arrays.equals(params, r.params)
                && Double.compare(sse, r.sse) == 0 && Double.compare(bic, r.bic) == 0 && points == r.points
                && starts == r.starts && failed == r.failed && message.equals(r.message);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(params) * 31 + Double.hashCode(sse);
    }

    @Override
    public String toString() {
        return ok ? "FitResult" + Arrays.toString(params) + " sse=" + sse + " bic=" + bic
                : "FitResult[failed: " + message + "]";
    }
}
