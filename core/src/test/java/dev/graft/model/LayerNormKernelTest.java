package dev.graft.model;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class LayerNormKernelTest {
    private static INDArray random(Random rng, DataType dt, double offset, double std, long... shape) {
        INDArray a = Nd4j.create(DataType.DOUBLE, shape);
        for (long i = 0; i < a.length(); i++) {
            a.putScalar(i, offset + std * rng.nextGaussian());
        }
        return a.castTo(dt);
    }

    private static INDArray[] run(DataType dt, long seed) {
        int rows = 150; // more than two row blocks of the float loop
        int d = 13;
        Random rng = new Random(seed);
        INDArray x = random(rng, dt, 0.3, 2.0, rows, d);
        INDArray w = random(rng, dt, 1.0, 0.5, d);
        INDArray b = random(rng, dt, 0.0, 0.5, d);
        INDArray g = random(rng, dt, 0.0, 1.0, rows, d);
        INDArray dx = random(rng, dt, 0.0, 1.0, rows, d);
        INDArray xhat = Nd4j.create(dt, rows, d);
        INDArray rstd = Nd4j.create(dt, rows, 1);
        INDArray out = Nd4j.create(dt, rows, d);
        INDArray dw = Nd4j.create(dt, d);
        INDArray db = Nd4j.create(dt, d);
        LayerNormKernel.forward(x, w, b, xhat, rstd, Nd4j.create(dt, rows, 1), Nd4j.create(dt, rows, d), out);
        LayerNormKernel.backward(g, w, xhat, rstd, dx, dw, db, Nd4j.ones(dt, 1, rows), Nd4j.create(dt, rows, d),
                Nd4j.create(dt, rows, d), Nd4j.create(dt, rows, 1), Nd4j.create(dt, rows, 1));
        return new INDArray[] {out, xhat, rstd, dx, dw, db};
    }

    @Test
    void float32_row_loops_agree_with_the_float64_op_sequence() {
        INDArray[] ref = run(DataType.DOUBLE, 5);
        INDArray[] fast = run(DataType.FLOAT, 5);
        String[] names = {"out", "xhat", "rstd", "dx", "dw", "db"};
        for (int i = 0; i < ref.length; i++) {
            double[] r = ref[i].data().asDouble();
            double[] f = fast[i].castTo(DataType.DOUBLE).data().asDouble();
            double scale = 0;
            for (double v : r) {
                scale = Math.max(scale, Math.abs(v));
            }
            assertArrayEquals(r, f, 2e-6 * Math.max(1, scale), names[i]);
        }
        // the float64 path itself: normalised rows have mean 0 and variance 1 - ε·rstd²
        INDArray xhat = ref[1];
        for (int row = 0; row < 3; row++) {
            assertEquals(0, xhat.getRow(row).meanNumber().doubleValue(), 1e-12);
        }
    }
}
