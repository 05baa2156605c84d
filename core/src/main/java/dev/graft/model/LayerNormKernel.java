package dev.graft.model;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * LayerNorm over the last axis of a [rows, d] matrix, written with cheap broadcast ops (ND4J's own
 * LayerNorm ops are an order of magnitude slower). {@code y = (x − mean)/√(var + ε)·w + b}, biased
 * variance, ε = {@value #EPSILON}.
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
}
