package dev.graft.model;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Erf;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The exact GELU, {@code gelu(x) = x·Φ(x)} with {@code Φ(x) = ½(1 + erf(x/√2))}, as the original study
 * used it (not ND4J's sigmoid approximation {@code x·σ(1.702x)}).
 *
 * <p>The forward pass keeps {@code Φ(x)} so the backward pass,
 * {@code gelu'(x) = Φ(x) + x·φ(x)} with {@code φ(x) = exp(−x²/2)/√(2π)}, needs no second erf.
 */
public final class ErfGelu {
    private static final double INV_SQRT2 = 1.0 / Math.sqrt(2.0);
    private static final double INV_SQRT_2PI = 1.0 / Math.sqrt(2.0 * Math.PI);

    private ErfGelu() {
    }

    /** {@code cdf = Φ(z)}, {@code out = z·Φ(z)}; all three arrays have the same shape and are distinct. */
    public static void forward(INDArray z, INDArray cdf, INDArray out) {
        z.mul(INV_SQRT2, cdf);
        Nd4j.exec(new Erf(cdf, cdf));
        cdf.addi(1.0).muli(0.5);
        z.mul(cdf, out);
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
