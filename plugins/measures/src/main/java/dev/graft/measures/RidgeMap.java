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
        double sse = 0;
        double sst = 0;
        for (int i = 0; i < n; i++) {
            if (!heldout[i]) {
                continue;
            }
            for (int k = 0; k < q; k++) {
                double pred = my[k];
                for (int j = 0; j < p; j++) {
                    pred += (x[i][j] - mx[j]) * w.getEntry(j, k);
                }
                double e = y[i][k] - pred;
                double d = y[i][k] - heldMean[k];
                sse += e * e;
                sst += d * d;
            }
        }
        return sst > 0 ? 1 - sse / sst : Double.NaN;
    }
}
