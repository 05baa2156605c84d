package dev.graft.model;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ErfGeluTest {
    // x·Φ(x) from tables of the standard normal CDF: Φ(1) = 0.8413447461, Φ(2) = 0.9772498681, Φ(0.5) = 0.6914624613
    private static final double[] X = {-2, -1, -0.5, 0, 0.5, 1, 2};
    private static final double[] GELU = {-0.0455002638, -0.1586552539, -0.1542687694, 0, 0.3457312306,
            0.8413447461, 1.9544997362};

    @Test
    void exact_gelu_matches_the_normal_cdf_form() {
        INDArray z = Nd4j.createFromArray(X);
        INDArray cdf = Nd4j.create(DataType.DOUBLE, X.length);
        INDArray out = Nd4j.create(DataType.DOUBLE, X.length);
        ErfGelu.forward(z, cdf, out);
        for (int i = 0; i < X.length; i++) {
            assertEquals(GELU[i], out.getDouble(i), 1e-9, "gelu(" + X[i] + ")");
        }
    }

    @Test
    void float32_gelu_is_the_exact_form_not_the_sigmoid_approximation() {
        INDArray z = Nd4j.createFromArray(1f, -1f);
        INDArray cdf = Nd4j.create(DataType.FLOAT, 2);
        INDArray out = Nd4j.create(DataType.FLOAT, 2);
        ErfGelu.forward(z, cdf, out);
        assertEquals(0.841345, out.getDouble(0), 1e-6);
        assertEquals(-0.158655, out.getDouble(1), 1e-6);
    }

    @Test
    void gelu_derivative_matches_phi_plus_x_times_density() {
        INDArray z = Nd4j.createFromArray(X);
        INDArray cdf = Nd4j.create(DataType.DOUBLE, X.length);
        INDArray out = Nd4j.create(DataType.DOUBLE, X.length);
        ErfGelu.forward(z, cdf, out);
        INDArray grad = Nd4j.ones(DataType.DOUBLE, X.length);
        ErfGelu.backward(z, cdf, grad, Nd4j.create(DataType.DOUBLE, X.length));
        // gelu'(1) = Φ(1) + φ(1) = 0.8413447461 + 0.2419707245
        assertEquals(1.0833154706, grad.getDouble(5), 1e-9);
        // and against central differences of the forward
        double h = 1e-6;
        for (int i = 0; i < X.length; i++) {
            INDArray zp = Nd4j.createFromArray(X[i] + h, X[i] - h);
            INDArray c2 = Nd4j.create(DataType.DOUBLE, 2);
            INDArray o2 = Nd4j.create(DataType.DOUBLE, 2);
            ErfGelu.forward(zp, c2, o2);
            double numeric = (o2.getDouble(0) - o2.getDouble(1)) / (2 * h);
            assertEquals(numeric, grad.getDouble(i), 1e-8, "gelu'(" + X[i] + ")");
        }
    }

    @Test
    void float32_backward_from_the_input_agrees_with_the_float64_ops_over_the_whole_range() {
        int n = 9001; // more than two chunks of the float forward loop
        double[] x = new double[n];
        double[] g = new double[n];
        java.util.Random rng = new java.util.Random(3);
        for (int i = 0; i < n; i++) {
            x[i] = -9 + 18.0 * i / (n - 1);
            g[i] = rng.nextGaussian();
        }
        INDArray z64 = Nd4j.createFromArray(x);
        INDArray cdf64 = Nd4j.create(DataType.DOUBLE, n);
        INDArray act64 = Nd4j.create(DataType.DOUBLE, n);
        INDArray grad64 = Nd4j.createFromArray(g);
        ErfGelu.forward(z64, cdf64, act64);
        ErfGelu.backward(z64, cdf64, grad64, Nd4j.create(DataType.DOUBLE, n));
        INDArray z32 = z64.castTo(DataType.FLOAT);
        INDArray grad32 = Nd4j.createFromArray(g).castTo(DataType.FLOAT);
        INDArray act32 = Nd4j.create(DataType.FLOAT, n);
        ErfGelu.backwardFromInput(z32, grad32, act32, Nd4j.create(DataType.FLOAT, n), Nd4j.create(DataType.FLOAT, n));
        for (int i = 0; i < n; i++) {
            double tol = 1e-6 * (1 + Math.abs(g[i]) + Math.abs(x[i]));
            assertEquals(grad64.getDouble(i), grad32.getDouble(i), tol, "gelu'·g at " + x[i]);
            assertEquals(act64.getDouble(i), act32.getDouble(i), 1e-6 * (1 + Math.abs(x[i])), "gelu at " + x[i]);
        }
    }

    @Test
    void float32_fast_erf_agrees_with_the_float64_erf_op_over_the_whole_range() {
        int n = 10_001; // more than one chunk of the float loop, not a multiple of it
        double[] xs = new double[n];
        for (int i = 0; i < n; i++) {
            xs[i] = -9 + 18.0 * i / (n - 1);
        }
        INDArray zd = Nd4j.createFromArray(xs);
        INDArray cd = Nd4j.create(DataType.DOUBLE, n);
        INDArray od = Nd4j.create(DataType.DOUBLE, n);
        ErfGelu.forward(zd, cd, od);
        INDArray zf = zd.castTo(DataType.FLOAT);
        INDArray cf = Nd4j.create(DataType.FLOAT, n);
        INDArray of = Nd4j.create(DataType.FLOAT, n);
        ErfGelu.forward(zf, cf, of);
        for (int i = 0; i < n; i++) {
            assertEquals(cd.getDouble(i), cf.getDouble(i), 4e-7, "Φ(" + xs[i] + ")");
            assertEquals(od.getDouble(i), of.getDouble(i), 4e-7 * Math.max(1, Math.abs(xs[i])), "gelu(" + xs[i] + ")");
        }
    }
}
