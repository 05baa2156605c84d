package dev.graft.measures;

/**
 * Linear centred kernel alignment (Kornblith, Norouzi, Lee and Hinton, 2019, eq. for the linear kernel):
 * for activations X [n, p] and Y [n, q] of the same n inputs, each column centred over the inputs,
 * {@code CKA(X, Y) = ‖YᵀX‖²_F / (‖XᵀX‖_F · ‖YᵀY‖_F)}. It lies in [0, 1], is 1 for Y = XQ·c with Q orthogonal
 * and c ≠ 0, and does not change under orthogonal transforms or isotropic scaling of either side (it does
 * under general invertible linear maps). Computed in double precision; NaN when either side is constant.
 */
final class LinearCka {
    private LinearCka() {
    }

    static double of(float[][] x, float[][] y) {
        int n = x.length;
        if (y.length != n || n < 2) {
            throw new IllegalArgumentException("CKA needs the same n ≥ 2 inputs on both sides, got " + n + " and " + y.length);
        }
        double[][] cx = centred(x);
        double[][] cy = centred(y);
        double cross = frobeniusSquared(gram(cy, cx));
        double xx = Math.sqrt(frobeniusSquared(gram(cx, cx)));
        double yy = Math.sqrt(frobeniusSquared(gram(cy, cy)));
        return cross / (xx * yy);
    }

    /** Columns of {@code a} minus their means over the rows. */
    static double[][] centred(float[][] a) {
        int n = a.length;
        int p = a[0].length;
        double[] mean = new double[p];
        for (float[] row : a) {
            for (int j = 0; j < p; j++) {
                mean[j] += row[j];
            }
        }
        for (int j = 0; j < p; j++) {
            mean[j] /= n;
        }
        double[][] out = new double[n][p];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                out[i][j] = a[i][j] - mean[j];
            }
        }
        return out;
    }

    /** {@code aᵀb}: [columns of a][columns of b]. */
    private static double[][] gram(double[][] a, double[][] b) {
        int p = a[0].length;
        int q = b[0].length;
        double[][] g = new double[p][q];
        for (int i = 0; i < a.length; i++) {
            double[] ai = a[i];
            double[] bi = b[i];
            for (int j = 0; j < p; j++) {
                double v = ai[j];
                double[] gj = g[j];
                for (int k = 0; k < q; k++) {
                    gj[k] += v * bi[k];
                }
            }
        }
        return g;
    }

    private static double frobeniusSquared(double[][] m) {
        double s = 0;
        for (double[] row : m) {
            for (double v : row) {
                s += v * v;
            }
        }
        return s;
    }
}
