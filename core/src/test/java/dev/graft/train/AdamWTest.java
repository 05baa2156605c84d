package dev.graft.train;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AdamWTest {

    private static final double B1 = 0.9;
    private static final double B2 = 0.999;
    private static final double EPS = 1e-8;

    @Test
    void constant_gradient_moves_every_step_by_lr_times_gradient_sign_after_decay() {
        // With a constant gradient g the bias-corrected moments are exactly g and g², so torch's AdamW gives
        // p ← p·(1 − lr·wd) − lr·g/(|g| + ε) at every step: computable by hand.
        double[] p0 = {1.0, -2.0, 0.5, 0.0};
        double[] g = {0.3, -0.01, 2.0, 1e-3};
        double wd = 0.1;
        double[] lrs = {0.1, 0.05, 0.2};
        INDArray p = Nd4j.create(toFloat(p0), new long[]{4});
        INDArray grad = Nd4j.create(toFloat(g), new long[]{4});
        AdamW adam = new AdamW(List.of(p), wd);
        double[] expected = p0.clone();
        for (double lr : lrs) {
            adam.step(List.of(grad), lr);
            for (int i = 0; i < 4; i++) {
                expected[i] = expected[i] * (1 - lr * wd) - lr * g[i] / (Math.abs(g[i]) + EPS);
            }
        }
        assertClose(expected, p.toDoubleVector(), 1e-6);
        assertEquals(3, adam.stepCount());
    }

    @Test
    void varying_gradients_follow_the_torch_adamw_algorithm() {
        // Reference: the algorithm as torch.optim.AdamW documents it, written out in double precision.
        double[] p = {0.7, -1.3, 0.05};
        double[][] grads = {{0.5, -0.2, 0.0}, {-0.1, 0.4, 0.3}, {0.25, 0.25, -0.6}, {0.0, -0.9, 0.1}};
        double[] lrs = {1e-2, 5e-3, 2e-2, 1e-3};
        double wd = 0.01;
        INDArray param = Nd4j.create(toFloat(p), new long[]{1, 3});
        INDArray grad = Nd4j.create(new float[3], new long[]{1, 3});
        AdamW adam = new AdamW(List.of(param), wd);
        double[] m = new double[3];
        double[] v = new double[3];
        for (int t = 1; t <= grads.length; t++) {
            double lr = lrs[t - 1];
            grad.assign(Nd4j.create(toFloat(grads[t - 1]), new long[]{1, 3}));
            adam.step(List.of(grad), lr);
            for (int i = 0; i < 3; i++) {
                double gi = grads[t - 1][i];
                p[i] -= lr * wd * p[i];
                m[i] = B1 * m[i] + (1 - B1) * gi;
                v[i] = B2 * v[i] + (1 - B2) * gi * gi;
                double mHat = m[i] / (1 - Math.pow(B1, t));
                double vHat = v[i] / (1 - Math.pow(B2, t));
                p[i] -= lr * mHat / (Math.sqrt(vHat) + EPS);
            }
            assertClose(p, param.toDoubleVector(), 1e-6);
            assertClose(m, adam.firstMoments().get(0).toDoubleVector(), 1e-7);
            assertClose(v, adam.secondMoments().get(0).toDoubleVector(), 1e-9);
        }
    }

    @Test
    void weight_decay_shrinks_a_parameter_whose_gradient_is_zero() {
        INDArray p = Nd4j.create(new float[]{2f, -4f}, new long[]{2});
        AdamW adam = new AdamW(List.of(p), 0.5);
        adam.step(List.of(Nd4j.zeros(p.dataType(), 2)), 0.1);
        assertClose(new double[]{2 * 0.95, -4 * 0.95}, p.toDoubleVector(), 1e-6);
    }

    @Test
    void restored_state_continues_exactly_like_the_original() {
        INDArray a = Nd4j.create(new float[]{1f, 2f, 3f}, new long[]{3});
        INDArray b = a.dup();
        AdamW first = new AdamW(List.of(a), 0.01);
        INDArray g1 = Nd4j.create(new float[]{0.1f, -0.2f, 0.3f}, new long[]{3});
        INDArray g2 = Nd4j.create(new float[]{-0.5f, 0.1f, 0.2f}, new long[]{3});
        first.step(List.of(g1), 0.01);
        AdamW second = new AdamW(List.of(b), 0.01);
        b.assign(a);
        second.restore(first.stepCount(), first.firstMoments(), first.secondMoments());
        first.step(List.of(g2), 0.02);
        second.step(List.of(g2), 0.02);
        assertEquals(a, b);
    }

    @Test
    void rejects_a_gradient_list_of_the_wrong_length() {
        AdamW adam = new AdamW(List.of(Nd4j.ones(2)), 0.0);
        assertThrows(IllegalArgumentException.class, () -> adam.step(List.of(), 0.1));
    }

    @Test
    void dense_float_loop_and_the_nd4j_op_sequence_give_the_same_parameters() {
        int n = 5000; // more than one chunk of the loop
        java.util.Random rng = new java.util.Random(3);
        float[] init = new float[n];
        for (int i = 0; i < n; i++) {
            init[i] = (float) rng.nextGaussian();
        }
        INDArray dense = Nd4j.create(init, new long[]{n});
        INDArray denseGrad = Nd4j.create(org.nd4j.linalg.api.buffer.DataType.FLOAT, n);
        // a row view of a larger array is not dense, so it takes the ND4J op path
        INDArray holder = Nd4j.create(org.nd4j.linalg.api.buffer.DataType.FLOAT, 2, n);
        INDArray view = holder.getRow(1);
        view.assign(dense);
        INDArray viewGrad = Nd4j.create(org.nd4j.linalg.api.buffer.DataType.FLOAT, 2, n).getRow(0);
        AdamW fast = new AdamW(java.util.List.of(dense), 0.01);
        AdamW ops = new AdamW(java.util.List.of(view), 0.01);
        for (int t = 0; t < 5; t++) {
            float[] g = new float[n];
            for (int i = 0; i < n; i++) {
                g[i] = (float) (rng.nextGaussian() * Math.pow(10, rng.nextInt(5) - 3));
            }
            denseGrad.assign(Nd4j.create(g, new long[]{n}));
            viewGrad.assign(Nd4j.create(g, new long[]{n}));
            fast.step(java.util.List.of(denseGrad), 1e-2);
            ops.step(java.util.List.of(viewGrad), 1e-2);
        }
        assertClose(view.toDoubleVector(), dense.toDoubleVector(), 1e-6);
        assertClose(ops.secondMoments().get(0).toDoubleVector(), fast.secondMoments().get(0).toDoubleVector(), 1e-6);
    }

    private static float[] toFloat(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }

    private static void assertClose(double[] expected, double[] actual, double tol) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tol * Math.max(1, Math.abs(expected[i])), "element " + i);
        }
    }

    @Test
    void a_parameter_left_alone_is_neither_decayed_nor_given_moments() {
        INDArray reached = Nd4j.create(new float[] {1f, -1f}, new long[] {2});
        INDArray outside = Nd4j.create(new float[] {2f, -3f}, new long[] {2});
        AdamW adam = new AdamW(List.of(reached, outside), 0.1);
        adam.leaveAlone(1);
        INDArray g = Nd4j.create(new float[] {0.5f, 0.5f}, new long[] {2});
        INDArray zero = Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, 2);
        adam.step(List.of(g, zero), 0.1);
        adam.step(List.of(g, zero), 0.1);
        assertClose(new double[] {2f, -3f}, outside.toDoubleVector(), 0);
        assertClose(new double[] {0, 0}, adam.secondMoments().get(1).toDoubleVector(), 0);
        // the reached one moved: decay 0.99 per step and −lr·sign(g)
        assertClose(new double[] {(1 * 0.99 - 0.1) * 0.99 - 0.1, (-1 * 0.99 - 0.1) * 0.99 - 0.1}, reached.toDoubleVector(), 1e-6);
        assertThrows(IllegalArgumentException.class, () -> adam.leaveAlone(2));
    }
}
