package dev.graft.measure;

import dev.graft.model.ForwardHooks;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

/**
 * Keeps the attention probabilities of every head of chosen layers over a pass of n positions:
 * per layer {@code n·heads·tokens·tokens} floats, row-major [position][head][query][key].
 */
final class AttentionPatternHooks implements ForwardHooks {
    private final List<Integer> layers;
    private final int heads;
    private final int tokens;
    private final float[][] patterns;

    AttentionPatternHooks(List<Integer> layers, int n, int heads, int tokens) {
        this.layers = List.copyOf(layers);
        this.heads = heads;
        this.tokens = tokens;
        this.patterns = new float[layers.size()][Math.multiplyExact(Math.multiplyExact(n, heads), tokens * tokens)];
    }

    @Override
    public boolean wantsAttentionPatterns(int layer) {
        return layers.contains(layer);
    }

    @Override
    public void attentionPattern(int layer, int head, int from, int count, INDArray probabilities) {
        float[] flat = probabilities.dup('c').data().asFloat();
        int square = tokens * tokens;
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i) != layer) {
                continue;
            }
            for (int p = 0; p < count; p++) {
                System.arraycopy(flat, p * square, patterns[i], ((from + p) * heads + head) * square, square);
            }
        }
    }

    /** The patterns of each requested layer, in the order asked. */
    float[][] patterns() {
        return patterns;
    }
}
