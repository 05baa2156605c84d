package dev.graft.measures;

import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.CholeskyDecomposition;
import org.hipparchus.linear.DecompositionSolver;
import org.hipparchus.linear.RealMatrix;

/**
 * How much of one representation is linearly readable from another: ridge regression from X [n, p] to every
 * column of Y [n, q], fitted on the rows not held out (X and Y centred on them, intercept unpenalised,
 * {@code (XᵀX + αI)W = XᵀY}), scored on the held-out rows by the variance-weighted R²
 * {@code 1 − Σ‖y − ŷ‖² / Σ‖y − ȳ‖²} over all columns (ȳ the held-out mean), so that directions of large
 * variance count as much as they carry. NaN when the held-out Y is constant.
 */
final class RidgeMap {
    private RidgeMap() {
    }

    static double r2(float[][] x, float[][] y, boolean[] heldout, double alpha) {
        double[][] e = errors(x, y, heldout, alpha);
        double sse = 0;
        double sst = 0;
        for (int k = 0; k < e[0].length; k++) {
            sse += e[0][k];
            sst += e[1][k];
        }
        return sst > 0 ? 1 - sse / sst : Double.NaN;
    }

    /**
     * The R² of each column of Y on the held-out rows, averaged uniformly over the columns (the ridge probe's
     * score): a column whose held-out values are constant scores 1 when predicted exactly, else 0.
     */
    static double r2PerOutput(float[][] x, float[][] y, boolean[] heldout, double alpha) {
        double[][] e = errors(x, y, heldout, alpha);
        double s = 0;
        int q = e[0].length;
        for (int k = 0; k < q; k++) {
            s += e[1][k] > 0 ? 1 - e[0][k] / e[1][k] : (e[0][k] == 0 ? 1 : 0);
        }
        return s / q;
    }

    /** [0][k]: the held-out sum of squared errors of column k; [1][k]: its sum of squares about the held-out mean. */
    private static double[][] errors(float[][] x, float[][] y, boolean[] heldout, double alpha) {
        int n = x.length;
        int p = x[0].length;
        int q = y[0].length;
        int train = 0;
        for (boolean h : heldout) {
            train += h ? 0 : 1;
        }
        if (train < 1 || train == n) {
            throw new IllegalArgumentException("a ridge map needs rows to fit and rows to score, got " + train + " of " + n);
        }
        double[] mx = new double[p];
        double[] my = new double[q];
        for (int i = 0; i < n; i++) {
            if (!heldout[i]) {
                for (int j = 0; j < p; j++) {
                    mx[j] += x[i][j];
                }
                for (int k = 0; k < q; k++) {
                    my[k] += y[i][k];
                }
            }
        }
        for (int j = 0; j < p; j++) {
            mx[j] /= train;
        }
        for (int k = 0; k < q; k++) {
            my[k] /= train;
        }
        double[][] xtx = new double[p][p];
        double[][] xty = new double[p][q];
        for (int i = 0; i < n; i++) {
            if (heldout[i]) {
                continue;
            }
            for (int j = 0; j < p; j++) {
                double xj = x[i][j] - mx[j];
                for (int l = 0; l < p; l++) {
                    xtx[j][l] += xj * (x[i][l] - mx[l]);
                }
                for (int k = 0; k < q; k++) {
                    xty[j][k] += xj * (y[i][k] - my[k]);
                }
            }
        }
        for (int j = 0; j < p; j++) {
            xtx[j][j] += alpha;
        }
        DecompositionSolver solver = new CholeskyDecomposition(new Array2DRowRealMatrix(xtx, false)).getSolver();
        RealMatrix w = solver.solve(new Array2DRowRealMatrix(xty, false));
        int held = n - train;
        double[] heldMean = new double[q];
        for (int i = 0; i < n; i++) {
            if (heldout[i]) {
                for (int k = 0; k < q; k++) {
                    heldMean[k] += y[i][k];
                }
            }
        }
        for (int k = 0; k < q; k++) {
            heldMean[k] /= held;
        }
        double[][] out = new double[2][q];
        double[][] wa = w.getData();
        for (int i = 0; i < n; i++) {
            if (!heldout[i]) {
                continue;
            }
            for (int k = 0; k < q; k++) {
                double pred = my[k];
                for (int j = 0; j < p; j++) {
                    pred += (x[i][j] - mx[j]) * wa[j][k];
                }
                double e = y[i][k] - pred;
                double d = y[i][k] - heldMean[k];
                out[0][k] += e * e;
                out[1][k] += d * d;
            }
        }
        return out;
    }
}
