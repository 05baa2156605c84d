package dev.graft.measure;

import dev.graft.model.ForwardHooks;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Keeps the CLS token's residual after every layer of a pass over n positions, [layer][n][d_model]. */
class ClsResidualHooks implements ForwardHooks {
    private final int n;
    private final int tokens;
    private final float[][][] residuals;

    ClsResidualHooks(int n, int tokens, int layers) {
        this.n = n;
        this.tokens = tokens;
        this.residuals = new float[layers][n][];
    }

    @Override
    public void layerResidual(int layer, int from, int count, INDArray x) {
        float[] flat = x.dup('c').data().asFloat();
        keepCls(residuals[layer], from, count, flat, flat.length / (count * tokens));
    }

    /** Copies the CLS row (the last token) of each of {@code count} positions into {@code into[from…]}. */
    final void keepCls(float[][] into, int from, int count, float[] flat, int width) {
        for (int p = 0; p < count; p++) {
            int row = (p * tokens + tokens - 1) * width;
            into[from + p] = java.util.Arrays.copyOfRange(flat, row, row + width);
        }
    }

    int positions() {
        return n;
    }

    float[][][] residuals() {
        return residuals;
    }
}
