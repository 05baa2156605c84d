package dev.graft.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Erf;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.nio.FloatBuffer;

/**
 * The exact GELU, {@code gelu(x) = x·Φ(x)} with {@code Φ(x) = ½(1 + erf(x/√2))}, as the original study
 * used it (not ND4J's sigmoid approximation {@code x·σ(1.702x)}).
 *
 * <p>The forward pass keeps {@code Φ(x)} so the backward pass,
 * {@code gelu'(x) = Φ(x) + x·φ(x)} with {@code φ(x) = exp(−x²/2)/√(2π)}, needs no second erf.
 *
 * <p>On float32 arrays the forward pass evaluates erf in one Java loop over the native memory with a
 * rational approximation {@code erf(x) ≈ x·P(x²)/Q(x²)} on |x| ≤ 4 (clamped beyond; erf(4) = 1 − 1.5e-8),
 * fitted for this class by least squares against {@code Math}-precision erf: its error is below 4e-9 in
 * exact arithmetic and 3.4e-7 evaluated in float32, i.e. float32 rounding. ND4J's {@code Erf} op costs
 * ≈ 15 ns per element on this machine's CPU, the loop ≈ 1–2. Float64 arrays (gradient checks) keep the exact op.
 */
public final class ErfGelu {
    private static final double INV_SQRT2 = 1.0 / Math.sqrt(2.0);
    private static final double INV_SQRT_2PI = 1.0 / Math.sqrt(2.0 * Math.PI);

    private ErfGelu() {
    }

    /** {@code cdf = Φ(z)}, {@code out = z·Φ(z)}; all three arrays have the same shape and are distinct. */
    public static void forward(INDArray z, INDArray cdf, INDArray out) {
        if (z.dataType() == DataType.FLOAT && cdf.dataType() == DataType.FLOAT && out.dataType() == DataType.FLOAT
                && dense(z) && dense(cdf) && dense(out) && z.length() == cdf.length() && z.length() == out.length()) {
            forwardFloat(z, cdf, out);
            return;
        }
        z.mul(INV_SQRT2, cdf);
        Nd4j.exec(new Erf(cdf, cdf));
        cdf.addi(1.0).muli(0.5);
        z.mul(cdf, out);
    }

    private static final int CHUNK = 4096;
    private static final float[] P = {1.1283791828556318f, 0.18464218086537862f, 0.05432957883141278f,
        0.0038375582693721644f, 0.00038289863256449905f, 4.787317651792911e-06f, -1.3695023309834298e-08f};
    private static final float[] Q = {1.0f, 0.4969684267032379f, 0.11380346548404537f, 0.015450254738440796f,
        0.001309462838585906f, 6.407477198149426e-05f};

    private static boolean dense(INDArray a) {
        return a.ordering() == 'c' && a.elementWiseStride() == 1 && !a.isView();
    }

    /** The erf approximation of the class comment, in float32 (exposed for its test). */
    static float erf(float x) {
        float c = Math.max(-4f, Math.min(4f, x));
        float u = c * c;
        float p = ((((((P[6] * u + P[5]) * u + P[4]) * u + P[3]) * u + P[2]) * u + P[1]) * u + P[0]);
        float q = (((((Q[5] * u + Q[4]) * u + Q[3]) * u + Q[2]) * u + Q[1]) * u + Q[0]);
        return c * p / q;
    }

    private static void forwardFloat(INDArray z, INDArray cdf, INDArray out) {
        FloatBuffer zb = z.data().asNioFloat();
        FloatBuffer cb = cdf.data().asNioFloat();
        FloatBuffer ob = out.data().asNioFloat();
        int zo = (int) z.offset();
        int co = (int) cdf.offset();
        int oo = (int) out.offset();
        int n = (int) z.length();
        float[] zs = new float[CHUNK];
        float[] cs = new float[CHUNK];
        float[] os = new float[CHUNK];
        float p0 = P[0], p1 = P[1], p2 = P[2], p3 = P[3], p4 = P[4], p5 = P[5], p6 = P[6];
        float q1 = Q[1], q2 = Q[2], q3 = Q[3], q4 = Q[4], q5 = Q[5];
        float s = (float) INV_SQRT2;
        for (int from = 0; from < n; from += CHUNK) {
            int len = Math.min(CHUNK, n - from);
            zb.get(zo + from, zs, 0, len);
            for (int i = 0; i < len; i++) {
                float zi = zs[i];
                float c = Math.max(-4f, Math.min(4f, zi * s));
                float u = c * c;
                float p = (((((p6 * u + p5) * u + p4) * u + p3) * u + p2) * u + p1) * u + p0;
                float q = ((((q5 * u + q4) * u + q3) * u + q2) * u + q1) * u + 1f;
                float phi = 0.5f + 0.5f * (c * p / q);
                cs[i] = phi;
                os[i] = zi * phi;
            }
            cb.put(co + from, cs, 0, len);
            ob.put(oo + from, os, 0, len);
        }
    }

    /**
     * The backward pass from the pre-activation alone (nothing kept from the forward pass): writes
     * {@code act = gelu(z)} (the forward output again, for the next layer's weight gradient) and
     * {@code cdf = Φ(z)}, then turns {@code grad} (∂L/∂gelu(z)) into ∂L/∂z in place, with {@code scratch}
     * as working space. (A single float32 loop with a polynomial exp for φ was tried: its scalar exp made
     * it 3x slower than ND4J's vectorised ops.)
     */
    public static void backwardFromInput(INDArray z, INDArray grad, INDArray act, INDArray cdf, INDArray scratch) {
        forward(z, cdf, act);
        backward(z, cdf, grad, scratch);
    }

    /**
     * Turns the incoming gradient {@code grad} (∂L/∂gelu(z)) into ∂L/∂z in place, using {@code cdf = Φ(z)}
     * from {@link #forward} and {@code scratch} (same shape) as working space.
     */
    public static void backward(INDArray z, INDArray cdf, INDArray grad, INDArray scratch) {
        z.mul(z, scratch);
        scratch.muli(-0.5);
        Transforms.exp(scratch, false);
        scratch.muli(z).muli(INV_SQRT_2PI).addi(cdf);
        grad.muli(scratch);
    }
}
