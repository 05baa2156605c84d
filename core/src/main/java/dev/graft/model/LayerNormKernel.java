package dev.graft.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.nio.FloatBuffer;

/**
 * LayerNorm over the last axis of a [rows, d] matrix, written with cheap broadcast ops (ND4J's own
 * LayerNorm ops are an order of magnitude slower). {@code y = (x − mean)/√(var + ε)·w + b}, biased
 * variance, ε = {@value #EPSILON}.
 *
 * <p>On dense float32 arrays both passes are one Java loop over the rows in native memory (sums in
 * float64), instead of ~10 ND4J ops each; float64 arrays (the gradient checks) keep the op sequence.
 */
final class LayerNormKernel {
    static final double EPSILON = 1e-5;

    private LayerNormKernel() {
    }

    /**
     * @param x    input [rows, d] (left untouched)
     * @param xhat out: normalised input [rows, d]
     * @param rstd out: 1/√(var + ε) [rows, 1]
     * @param mean scratch [rows, 1]
     * @param sq   scratch [rows, d]
     * @param out  out: xhat·w + b [rows, d]
     */
    static void forward(INDArray x, INDArray w, INDArray b, INDArray xhat, INDArray rstd, INDArray mean,
                        INDArray sq, INDArray out) {
        if (allDenseFloat(x, w, b, xhat, rstd, out)) {
            forwardFloat(x, w, b, xhat, rstd, out);
            return;
        }
        long rows = x.size(0);
        x.mean(mean.reshape(rows), 1);
        xhat.assign(x).subiColumnVector(mean);
        xhat.mul(xhat, sq);
        sq.mean(rstd.reshape(rows), 1);
        rstd.addi(EPSILON);
        Transforms.sqrt(rstd, false);
        rstd.rdivi(1.0);
        xhat.muliColumnVector(rstd);
        out.assign(xhat).muliRowVector(w).addiRowVector(b);
    }

    /**
     * Adds ∂L/∂x to {@code dx} and writes ∂L/∂w, ∂L/∂b, given {@code g} = ∂L/∂out.
     *
     * @param ones [1, rows] of ones
     * @param a    scratch [rows, d]
     * @param c    scratch [rows, d]
     * @param m1   scratch [rows, 1]
     * @param m2   scratch [rows, 1]
     */
    static void backward(INDArray g, INDArray w, INDArray xhat, INDArray rstd, INDArray dx, INDArray dw,
                         INDArray db, INDArray ones, INDArray a, INDArray c, INDArray m1, INDArray m2) {
        if (allDenseFloat(g, w, xhat, rstd, dx, dw, db)) {
            backwardFloat(g, w, xhat, rstd, dx, dw, db);
            return;
        }
        long rows = g.size(0);
        long d = g.size(1);
        g.mul(xhat, c);
        Nd4j.gemm(ones, c, dw.reshape(1, d), false, false, 1.0, 0.0);
        Nd4j.gemm(ones, g, db.reshape(1, d), false, false, 1.0, 0.0);
        a.assign(g).muliRowVector(w);
        a.mean(m1.reshape(rows), 1);
        a.mul(xhat, c);
        c.mean(m2.reshape(rows), 1);
        c.assign(xhat).muliColumnVector(m2);
        a.subiColumnVector(m1).subi(c).muliColumnVector(rstd);
        dx.addi(a);
    }

    private static boolean allDenseFloat(INDArray... arrays) {
        for (INDArray a : arrays) {
            if (a.dataType() != DataType.FLOAT || a.ordering() != 'c' || a.elementWiseStride() != 1 || a.isView()) {
                return false;
            }
        }
        return true;
    }

    private static final int ROWS_PER_BLOCK = 64;

    private static float[] read(INDArray a) {
        float[] v = new float[(int) a.length()];
        a.data().asNioFloat().get((int) a.offset(), v);
        return v;
    }

    private static void forwardFloat(INDArray x, INDArray w, INDArray b, INDArray xhat, INDArray rstd, INDArray out) {
        int rows = (int) x.size(0);
        int d = (int) x.size(1);
        float[] wv = read(w);
        float[] bv = read(b);
        FloatBuffer xb = x.data().asNioFloat();
        FloatBuffer hb = xhat.data().asNioFloat();
        FloatBuffer rb = rstd.data().asNioFloat();
        FloatBuffer ob = out.data().asNioFloat();
        int xo = (int) x.offset();
        int ho = (int) xhat.offset();
        int ro = (int) rstd.offset();
        int oo = (int) out.offset();
        float[] xs = new float[ROWS_PER_BLOCK * d];
        float[] hs = new float[ROWS_PER_BLOCK * d];
        float[] os = new float[ROWS_PER_BLOCK * d];
        float[] rs = new float[ROWS_PER_BLOCK];
        for (int r0 = 0; r0 < rows; r0 += ROWS_PER_BLOCK) {
            int nr = Math.min(ROWS_PER_BLOCK, rows - r0);
            xb.get(xo + r0 * d, xs, 0, nr * d);
            for (int r = 0; r < nr; r++) {
                int base = r * d;
                double sum = 0;
                for (int j = 0; j < d; j++) {
                    sum += xs[base + j];
                }
                float mean = (float) (sum / d);
                double var = 0;
                for (int j = 0; j < d; j++) {
                    float c = xs[base + j] - mean;
                    var += (double) c * c;
                }
                float inv = (float) (1.0 / Math.sqrt(var / d + EPSILON));
                rs[r] = inv;
                for (int j = 0; j < d; j++) {
                    float h = (xs[base + j] - mean) * inv;
                    hs[base + j] = h;
                    os[base + j] = h * wv[j] + bv[j];
                }
            }
            hb.put(ho + r0 * d, hs, 0, nr * d);
            ob.put(oo + r0 * d, os, 0, nr * d);
            rb.put(ro + r0, rs, 0, nr);
        }
    }

    private static void backwardFloat(INDArray g, INDArray w, INDArray xhat, INDArray rstd, INDArray dx,
                                      INDArray dw, INDArray db) {
        int rows = (int) g.size(0);
        int d = (int) g.size(1);
        float[] wv = read(w);
        FloatBuffer gb = g.data().asNioFloat();
        FloatBuffer hb = xhat.data().asNioFloat();
        FloatBuffer rb = rstd.data().asNioFloat();
        FloatBuffer xb = dx.data().asNioFloat();
        int go = (int) g.offset();
        int ho = (int) xhat.offset();
        int ro = (int) rstd.offset();
        int xo = (int) dx.offset();
        float[] gs = new float[ROWS_PER_BLOCK * d];
        float[] hs = new float[ROWS_PER_BLOCK * d];
        float[] xs = new float[ROWS_PER_BLOCK * d];
        float[] rs = new float[ROWS_PER_BLOCK];
        float[] a = new float[d];
        double[] dwSum = new double[d];
        double[] dbSum = new double[d];
        for (int r0 = 0; r0 < rows; r0 += ROWS_PER_BLOCK) {
            int nr = Math.min(ROWS_PER_BLOCK, rows - r0);
            gb.get(go + r0 * d, gs, 0, nr * d);
            hb.get(ho + r0 * d, hs, 0, nr * d);
            xb.get(xo + r0 * d, xs, 0, nr * d);
            rb.get(ro + r0, rs, 0, nr);
            for (int r = 0; r < nr; r++) {
                int base = r * d;
                double m1 = 0;
                double m2 = 0;
                for (int j = 0; j < d; j++) {
                    float gj = gs[base + j];
                    float hj = hs[base + j];
                    float aj = gj * wv[j];
                    a[j] = aj;
                    m1 += aj;
                    m2 += (double) aj * hj;
                    dwSum[j] += (double) gj * hj;
                    dbSum[j] += gj;
                }
                float mean1 = (float) (m1 / d);
                float mean2 = (float) (m2 / d);
                float inv = rs[r];
                for (int j = 0; j < d; j++) {
                    xs[base + j] += (a[j] - mean1 - hs[base + j] * mean2) * inv;
                }
            }
            xb.put(xo + r0 * d, xs, 0, nr * d);
        }
        float[] dwv = new float[d];
        float[] dbv = new float[d];
        for (int j = 0; j < d; j++) {
            dwv[j] = (float) dwSum[j];
            dbv[j] = (float) dbSum[j];
        }
        dw.data().asNioFloat().put((int) dw.offset(), dwv);
        db.data().asNioFloat().put((int) db.offset(), dbv);
    }
}
