package dev.graft.probes;

import org.hipparchus.exception.MathIllegalArgumentException;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.CholeskyDecomposition;
import org.hipparchus.linear.DecompositionSolver;
import org.hipparchus.linear.RealMatrix;
import org.hipparchus.linear.SingularValueDecomposition;

/**
 * Closed-form ridge regression in float64, as scikit-learn's {@code Ridge(alpha, fit_intercept)} computes
 * it (optionally behind a {@code StandardScaler}): with an intercept, X and Y are centred on their
 * training means, so the intercept is not penalised; the weights solve the normal equations
 * {@code (XᵀX + αI) W = XᵀY} by a Cholesky decomposition (Hipparchus), falling back to the SVD
 * pseudo-inverse if rounding makes the matrix numerically indefinite.
 */
public final class RidgeRegression {
    private RidgeRegression() {
    }

    /**
     * A fitted model: {@code ŷ = ((x − mean) / scale) · W + b}.
     *
     * @param coef      [features][outputs] weights on the (standardised) features
     * @param intercept [outputs]
     * @param mean      [features] subtracted from x before the weights (zeros without standardising)
     * @param scale     [features] divides x after the mean (ones without standardising)
     */
    public record Fit(double[][] coef, double[] intercept, double[] mean, double[] scale) {

        /** Predictions for the rows of {@code x}. */
        public double[][] predict(double[][] x) {
            int d = mean.length;
            int k = intercept.length;
            double[][] out = new double[x.length][k];
            for (int i = 0; i < x.length; i++) {
                double[] z = new double[d];
                for (int j = 0; j < d; j++) {
                    z[j] = (x[i][j] - mean[j]) / scale[j];
                }
                for (int o = 0; o < k; o++) {
                    double s = intercept[o];
                    for (int j = 0; j < d; j++) {
                        s += z[j] * coef[j][o];
                    }
                    out[i][o] = s;
                }
            }
            return out;
        }
    }

    /**
     * Fits {@code y ≈ x·W + b} on every row given.
     *
     * @param x           [n][features]
     * @param y           [n][outputs]
     * @param alpha       regularisation strength, &gt; 0
     * @param intercept   fit an unpenalised intercept (centre x and y on their means)
     * @param standardize scale each feature to unit variance first (population std; constant features keep scale 1)
     */
    public static Fit fit(double[][] x, double[][] y, double alpha, boolean intercept, boolean standardize) {
        int n = x.length;
        if (n == 0 || y.length != n) {
            throw new IllegalArgumentException("ridge needs as many target rows as feature rows (at least 1), got "
                    + n + " and " + y.length);
        }
        if (!(alpha > 0) || !Double.isFinite(alpha)) {
            throw new IllegalArgumentException("ridge alpha must be a finite number > 0, got " + alpha);
        }
        int d = x[0].length;
        int k = y[0].length;
        double[] mean = new double[d];
        double[] scale = new double[d];
        java.util.Arrays.fill(scale, 1.0);
        if (standardize) {
            // StandardScaler: centre and divide by the population standard deviation
            double[] m = columnMeans(x, d);
            for (int j = 0; j < d; j++) {
                double ss = 0;
                for (double[] row : x) {
                    double c = row[j] - m[j];
                    ss += c * c;
                }
                double sd = Math.sqrt(ss / n);
                mean[j] = m[j];
                scale[j] = sd > 10 * Math.ulp(Math.abs(m[j]) + 1.0) ? sd : 1.0;
            }
        }
        double[][] z = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                z[i][j] = (x[i][j] - mean[j]) / scale[j];
            }
        }
        double[] zMean = intercept ? columnMeans(z, d) : new double[d];
        double[] yMean = intercept ? columnMeans(y, k) : new double[k];
        double[][] zc = new double[n][d];
        double[][] yc = new double[n][k];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                zc[i][j] = z[i][j] - zMean[j];
            }
            for (int o = 0; o < k; o++) {
                yc[i][o] = y[i][o] - yMean[o];
            }
        }
        RealMatrix xm = new Array2DRowRealMatrix(zc, false);
        RealMatrix ym = new Array2DRowRealMatrix(yc, false);
        RealMatrix gram = xm.transposeMultiply(xm);
        for (int a = 0; a < d; a++) {
            for (int b = a + 1; b < d; b++) {
                double v = 0.5 * (gram.getEntry(a, b) + gram.getEntry(b, a));
                gram.setEntry(a, b, v);
                gram.setEntry(b, a, v);
            }
            gram.addToEntry(a, a, alpha);
        }
        RealMatrix rhs = xm.transposeMultiply(ym);
        RealMatrix w = solver(gram).solve(rhs);
        double[][] coef = w.getData();
        double[] b = new double[k];
        for (int o = 0; o < k; o++) {
            double s = yMean[o];
            for (int j = 0; j < d; j++) {
                s -= zMean[j] * coef[j][o];
            }
            b[o] = s;
        }
        return new Fit(coef, b, mean, scale);
    }

    private static DecompositionSolver solver(RealMatrix gram) {
        try {
            return new CholeskyDecomposition(gram, 1e-12, 0.0).getSolver();
        } catch (MathIllegalArgumentException notPositiveDefinite) {
            return new SingularValueDecomposition(gram).getSolver();
        }
    }

    /**
     * The coefficient of determination of each output, against the mean of {@code yTrue}: 1 − Σ(y − ŷ)² /
     * Σ(y − ȳ)²; an output whose {@code yTrue} is constant scores 1 when predicted exactly, else 0
     * (scikit-learn's {@code r2_score} with {@code force_finite}).
     */
    public static double[] r2PerOutput(double[][] yTrue, double[][] yPred) {
        int n = yTrue.length;
        int k = n == 0 ? 0 : yTrue[0].length;
        double[] mean = columnMeans(yTrue, k);
        double[] out = new double[k];
        for (int o = 0; o < k; o++) {
            double res = 0;
            double tot = 0;
            for (int i = 0; i < n; i++) {
                double e = yTrue[i][o] - yPred[i][o];
                double c = yTrue[i][o] - mean[o];
                res += e * e;
                tot += c * c;
            }
            out[o] = tot == 0 ? (res == 0 ? 1.0 : 0.0) : 1 - res / tot;
        }
        return out;
    }

    /** The uniform average of {@code values} (scikit-learn's {@code multioutput='uniform_average'}). */
    public static double mean(double[] values) {
        double s = 0;
        for (double v : values) {
            s += v;
        }
        return values.length == 0 ? Double.NaN : s / values.length;
    }

    private static double[] columnMeans(double[][] rows, int width) {
        double[] m = new double[width];
        for (double[] r : rows) {
            for (int j = 0; j < width; j++) {
                m[j] += r[j];
            }
        }
        for (int j = 0; j < width; j++) {
            m[j] /= rows.length;
        }
        return m;
    }
}
